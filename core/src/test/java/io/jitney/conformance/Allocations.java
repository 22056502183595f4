package io.jitney.conformance;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Measures the heap bytes the current thread allocates while running some code, so tests can
 * prove that a length the input merely claims is never allocated (STYLE lesson 11).
 *
 * <p>Uses {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}. Test sources
 * are compiled as part of the {@code io.jitney.core} module, which (having no business with
 * management) does not read {@code java.management}; so the bean is reached reflectively at
 * run time, where tests run on the class path and can see it.
 */
final class Allocations {
    private Allocations() {}

    private static final MethodHandle ALLOCATED_BYTES;

    static {
        MethodHandle allocated = null;
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Object bean = factory.getMethod("getThreadMXBean").invoke(null);
            Class<?> sunBean = Class.forName("com.sun.management.ThreadMXBean");
            boolean supported = (boolean) sunBean.getMethod("isThreadAllocatedMemorySupported").invoke(bean)
                    && (boolean) sunBean.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean);
            if (supported) {
                allocated = MethodHandles.publicLookup()
                        .findVirtual(sunBean, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                        .bindTo(bean);
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            allocated = null;
        }
        ALLOCATED_BYTES = allocated;
    }

    /** A task that may throw anything; its throwable is handed back, not rethrown. */
    interface Task {
        void run() throws Throwable;
    }

    /** What a measured task allocated ({@code -1} if unmeasurable), and what it threw (or {@code null}). */
    record Measured(long bytes, Throwable thrown) {}

    /** True if this JVM counts per-thread allocations. */
    static boolean supported() {
        return ALLOCATED_BYTES != null;
    }

    private static long allocatedBytes() {
        if (ALLOCATED_BYTES == null) {
            return -1;
        }
        try {
            return (long) ALLOCATED_BYTES.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getCurrentThreadAllocatedBytes failed", t);
        }
    }

    /** Runs {@code task} on this thread and returns the bytes it allocated. */
    static Measured measure(Task task) {
        long before = allocatedBytes();
        Throwable thrown = null;
        try {
            task.run();
        } catch (Throwable t) {
            thrown = t;
        }
        long after = allocatedBytes();
        return new Measured(before < 0 ? -1 : after - before, thrown);
    }
}
