package dev.kiln.bindings.d1;

import dev.kiln.config.BindingSink;
import dev.kiln.config.ConfigTable;
import dev.kiln.spi.BindingHost;
import dev.kiln.spi.BindingKind;
import dev.kiln.spi.HostContext;
import java.util.Optional;
import java.util.Set;

/** D1 (bindings.md §3): {@code d1_databases = [{ binding, database_name, database_id?, migrations_dir?, ... }]}. */
public final class D1Kind implements BindingKind {

    static final String TYPE = "d1_databases";

    @Override
    public String type() {
        return TYPE;
    }


    @Override
    public void read(ConfigTable config, BindingSink out) {
        for (ConfigTable t : config.tables(TYPE)) {
            t.warnUnexpected(Set.of("binding", "database_name", "database_id", "preview_database_id", "migrations_dir",
                    "migrations_table", "migrations_pattern", "remote", "database_internal_env"));
            Optional<String> pattern = t.string("migrations_pattern");
            Optional<String> dir = t.string("migrations_dir");
            if (pattern.isPresent() && (dir.isEmpty() || !pattern.get().startsWith(dir.get()))) {
                t.error("migrations_pattern", "needs \"migrations_dir\" to be set and must start with it");
            }
            out.add(t, new D1DatabaseBinding(t.requiredString("binding"), t.string("database_name"), t.string("database_id"),
                    t.string("preview_database_id"), dir.orElse("migrations"), t.string("migrations_table").orElse("d1_migrations"),
                    pattern));
        }
    }

    @Override
    public BindingHost start(HostContext context) {
        D1Stores stores = context.backend().store(D1Stores.class);
        return BindingHost.each(b -> new D1Binding(stores.database(b.target())));
    }
}
