package io.jitney.benchmarks.e2e;

/**
 * One peer's client of the {@link EchoService}: the operations the workloads time. Each checks
 * what it gets back (the echoed value, the ticks in order) and throws if it is wrong, so a
 * benchmark can never be fast by being incorrect.
 */
public interface BenchClient extends AutoCloseable {

    /** {@code Echo(s)}: one round trip; returns the reply's string. */
    String echo(String text) throws Exception;

    /** {@code EchoBytes(ay)}: one round trip; returns the reply's bytes. */
    byte[] echoBytes(byte[] data) throws Exception;

    /**
     * Subscribes to {@code Tick}, calls {@code Emit(n)}, receives the {@code n} ticks (checking
     * {@code i} counts 0..n-1 and the text) and unsubscribes.
     *
     * @return nanoseconds from sending {@code Emit} to receiving the last tick (subscribing and
     *     unsubscribing excluded)
     */
    long ticks(int n) throws Exception;

    /**
     * {@code callers} concurrent {@code Echo} calls on this one connection, each caller issuing its
     * next call when its reply arrives, until {@code deadlineNanos} ({@link System#nanoTime}).
     *
     * @return calls completed (all replies checked)
     */
    long concurrent(int callers, long deadlineNanos) throws Exception;

    /** How {@link #concurrent} gets its concurrency, for the report. */
    String concurrencyModel();

    /**
     * In-process serialise + parse of one payload (no I/O), for the marshal workloads, or
     * {@code null} if this peer has no way to do it.
     */
    default Runnable marshal(String payload) throws Exception {
        return null;
    }

    @Override
    void close();
}
