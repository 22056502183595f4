package io.jitney.proxy;

import java.util.concurrent.CompletableFuture;

/**
 * A running signal handler from {@link TypedProxy#subscribe}. Closing it removes the bus match
 * (when no other subscription uses it) and stops the handler after the signal it is handling;
 * idempotent.
 */
public interface SignalSubscription extends AutoCloseable {
    /**
     * Completes when the bus has confirmed the match: from then on no matching signal is missed.
     * Already complete on the blocking and threading integrations, whose {@code subscribe}
     * waits for the confirmation; fails if the bus refused the match.
     */
    CompletableFuture<Void> ready();

    /** Signals dropped because the handler fell behind by more than the capacity. */
    long dropped();

    @Override
    void close();
}
