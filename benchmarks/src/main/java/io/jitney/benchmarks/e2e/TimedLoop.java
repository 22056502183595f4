package io.jitney.benchmarks.e2e;

/** Runs an operation in batches of 16 until a deadline: for the in-process marshal workloads. */
final class TimedLoop {
    private TimedLoop() {}

    /** How many operations ran, and in how many nanoseconds. */
    record Count(long ops, long nanos) {
        double perSecond() {
            return ops / (nanos / 1e9);
        }
    }

    /** Runs {@code op} until {@code System.nanoTime()} reaches {@code deadlineNanos} (at least one batch). */
    static Count until(Runnable op, long deadlineNanos) {
        long start = System.nanoTime();
        long now;
        long n = 0;
        do {
            for (int i = 0; i < 16; i++) {
                op.run();
            }
            n += 16;
            now = System.nanoTime();
        } while (now < deadlineNanos);
        return new Count(n, now - start);
    }
}
