package dev.kiln.spi;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The registry of binding kinds: every {@link BindingKind} on the class path, in a stable order. */
public final class BindingKinds {

    private static final List<BindingKind> ALL = ServiceLoader.load(BindingKind.class, BindingKinds.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).sorted(Comparator.comparing(BindingKind::type)).toList();

    private BindingKinds() {
    }

    /** @return every binding kind this Kiln has */
    public static List<BindingKind> all() {
        return ALL;
    }
}
