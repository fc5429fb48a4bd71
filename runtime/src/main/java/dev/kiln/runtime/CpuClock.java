package dev.kiln.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the OS thread running the caller.
 *
 * <p>The JDK reports no CPU time for virtual threads, so for a virtual thread this reads the CPU time of its
 * carrier. That is exact for a stretch of code that does not block (a virtual thread keeps its carrier until
 * it parks), which is why invocations measure CPU in segments and stop the clock around Kiln's own blocking
 * calls. Reading the carrier needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the {@code kiln}
 * launcher passes it); without it CPU time is unavailable and {@link #available()} is false.
 */
final class CpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MethodHandle CARRIER = carrierAccessor();

    private CpuClock() {
    }

    /** @return whether CPU time can be measured on virtual threads */
    public static boolean available() {
        return CARRIER != null;
    }

    /** @return CPU nanoseconds used so far by the OS thread running the caller, or -1 if unavailable */
    public static long now() {
        Thread current = Thread.currentThread();
        if (!current.isVirtual()) {
            return THREADS.getCurrentThreadCpuTime();
        }
        if (CARRIER == null) {
            return -1;
        }
        try {
            Thread carrier = (Thread) CARRIER.invokeExact(current);
            return carrier == null ? -1 : THREADS.getThreadCpuTime(carrier.threadId());
        } catch (Throwable e) {
            return -1;
        }
    }

    private static MethodHandle carrierAccessor() {
        try {
            Class<?> virtualThread = Class.forName("java.lang.VirtualThread");
            MethodHandle getter = MethodHandles.privateLookupIn(virtualThread, MethodHandles.lookup())
                    .findGetter(virtualThread, "carrierThread", Thread.class);
            return getter.asType(getter.type().changeParameterType(0, Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
