package io.jitney.proxy;

import io.jitney.ConnectionClosedException;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.Message;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Drains a threaded subscription into a handler on a virtual thread of its own, in arrival
 * order. Closing it closes the subscription (removing the bus match); the thread ends after the
 * message it is handling, without being interrupted.
 */
final class SignalPump implements SignalSubscription {
    private static final System.Logger LOG = System.getLogger(SignalPump.class.getName());

    private final ThreadedRouter.Filter filter;
    private final Thread thread;

    private SignalPump(ThreadedRouter.Filter filter, Consumer<? super Message> handler) {
        this.filter = filter;
        this.thread = Thread.ofVirtual().name("jitney-signal-" + filter.rule().member()).start(() -> run(handler));
    }

    static SignalPump start(ThreadedRouter.Filter filter, Consumer<? super Message> handler) {
        return new SignalPump(filter, handler);
    }

    private void run(Consumer<? super Message> handler) {
        while (true) {
            Message m;
            try {
                m = filter.receive(Duration.ofDays(365));
            } catch (InterruptedException | ConnectionClosedException e) {
                return;
            } catch (io.jitney.DBusTimeoutException e) {
                continue;
            }
            try {
                handler.accept(m);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a signal handler for " + filter.rule() + " failed", e);
            }
        }
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> ready() {
        return java.util.concurrent.CompletableFuture.completedFuture(null); // subscribe waited for AddMatch
    }

    @Override
    public long dropped() {
        return filter.dropped();
    }

    @Override
    public void close() {
        filter.close(); // wakes the thread's receive with ConnectionClosedException
    }
}
