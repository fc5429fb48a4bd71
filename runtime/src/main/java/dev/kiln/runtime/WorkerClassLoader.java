package dev.kiln.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class loader of one worker version: its compiled classes and {@code lib/} jars, over a parent that
 * shows only the JDK and the Kiln API ({@code dev.kiln.api}). Kiln's own dependencies stay invisible to
 * worker code, and each reload gets a fresh loader.
 */
final class WorkerClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final ClassLoader API_ONLY = new ApiOnly();

    public WorkerClassLoader(String workerName, WorkerCompiler.Output output) {
        super("worker:" + workerName, urls(output), API_ONLY);
    }

    private static URL[] urls(WorkerCompiler.Output output) {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(output.classes().toUri().toURL());
            for (Path jar : output.libraries()) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
        return urls.toArray(URL[]::new);
    }

    @Override
    public void close() {
        try {
            super.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delegates {@code dev.kiln.api.*} to Kiln's loader and everything else to the JDK's platform loader. */
    private static final class ApiOnly extends ClassLoader {
        private static final ClassLoader KILN = dev.kiln.api.Worker.class.getClassLoader();

        static {
            registerAsParallelCapable();
        }

        ApiOnly() {
            super("kiln-api-only", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.kiln.api.")) {
                return KILN.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return name.startsWith("dev/kiln/api/") ? KILN.getResource(name) : super.getResource(name);
        }
    }
}
