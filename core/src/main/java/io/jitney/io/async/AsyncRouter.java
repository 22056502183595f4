package io.jitney.io.async;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusTimeoutException;
import io.jitney.address.Bus;
import io.jitney.internal.conn.Engines;
import io.jitney.internal.conn.RouterEngine;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.Message;
import io.jitney.routing.MatchRule;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A router whose every operation returns at once: replies as {@link CompletableFuture}s,
 * filtered messages as {@link java.util.concurrent.Flow.Publisher}s with demand and bounded,
 * drop-counting buffers.
 *
 * <pre>{@code
 * AsyncRouter.open(Bus.SESSION)
 *     .thenCompose(router -> router.sendAndGetReply(call))
 *     .thenAccept(reply -> System.out.println(reply.body()));
 * }</pre>
 *
 * <p>Replies time out after the options' default timeout (a {@link DBusTimeoutException}); use
 * {@code orTimeout} on the future for a shorter one. Cancelling a reply future forgets the
 * call. Closing the router (or the connection being lost) fails every pending future and ends
 * every subscription with {@code onError(ConnectionClosedException)}. Threads: see the package
 * documentation (three per router).
 */
public final class AsyncRouter implements AutoCloseable {
    private final RouterEngine engine;
    private final AsyncThreads threads;
    private final ConnectionOptions options;
    private final String uniqueName;
    private final BusMatches matches;

    private AsyncRouter(Engines.Opened opened, AsyncThreads threads, ConnectionOptions options) {
        this.engine = opened.engine();
        this.threads = threads;
        this.options = options;
        this.uniqueName = opened.uniqueName();
        this.matches = new BusMatches(engine);
        engine.onClose(why -> threads.close()); // after the reader has failed what was pending
    }

    /** Connects to the session or system bus; the future completes when Hello has been answered. */
    public static CompletableFuture<AsyncRouter> open(Bus bus) {
        return open(bus.address(), ConnectionOptions.defaults());
    }

    public static CompletableFuture<AsyncRouter> open(String address) {
        return open(address, ConnectionOptions.defaults());
    }

    /** Connects without blocking the caller: the handshake runs on the router's writer thread. */
    public static CompletableFuture<AsyncRouter> open(String address, ConnectionOptions options) {
        return AsyncThreads.open("router", threads -> new AsyncRouter(Engines.open(address, options, null), threads, options));
    }

    public String uniqueName() {
        return uniqueName;
    }

    public boolean unixFdsEnabled() {
        return engine.channel().unixFdsEnabled();
    }

    /** Sends a message; the future gives its serial once written. */
    public CompletableFuture<Integer> send(Message message) {
        return threads.send(engine, message);
    }

    /**
     * Sends a method call; the future completes with the method return, or exceptionally with
     * {@link io.jitney.DBusErrorException}, {@link DBusTimeoutException} (after the default
     * timeout) or {@link ConnectionClosedException}. Cancelling it forgets the call.
     */
    public CompletableFuture<Message> sendAndGetReply(Message call) {
        return sendAndGetReply(call, options.defaultTimeout());
    }

    /** As {@link #sendAndGetReply(Message)} with a timeout of its own. */
    public CompletableFuture<Message> sendAndGetReply(Message call, Duration timeout) {
        CompletableFuture<Message> pending;
        try {
            pending = engine.prepareCall(call, timeout); // the engine keeps the deadline: no timer per call
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        var result = new ReplyFuture(engine, pending);
        // The caller cancelling (or timing out) the result forgets the call.
        result.whenComplete((r, e) -> pending.cancel(false));
        pending.whenComplete((reply, e) -> {
            if (e == null && result.aWaiterWillComplete()) {
                return; // a thread waiting in join/get completes it: no delivery-thread wake-up
            }
            threads.deliver(() -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.deliver(reply);
                }
            });
        });
        if (threads.mayWriteNow()) {
            // Written on this thread if that does not block: no hand-off to the writer thread.
            switch (engine.tryStartCall(pending)) {
                case WRITTEN -> {
                    return result;
                }
                case STARTED -> {
                    threads.flushLater(engine);
                    return result;
                }
                case NOT_WRITTEN -> {}
            }
        }
        try {
            threads.write(() -> engine.startCall(pending));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.completeExceptionally(AsyncThreads.closed(engine));
        }
        return result;
    }

    /**
     * Messages matching {@code rule} that reach this connection anyway (no bus match is added).
     * A well-known {@code sender} in the rule matches its current owner, which each subscriber
     * has the router track (see {@link #subscribe}).
     */
    public FilterPublisher filter(MatchRule rule, int capacity) {
        return new FilterPublisher(engine, rule, capacity, threads::deliver,
                () -> acquire(rule, false), () -> release(rule, false));
    }

    /**
     * Messages matching {@code rule}, with the bus match that routes them here: each subscriber
     * holds the match (added once per rule, removed when the last subscriber cancels). For a
     * well-known {@code sender}, the subscriber also holds the tracking of the name's owner
     * ({@code NameOwnerChanged} and {@code GetNameOwner}); {@code onSubscribe} comes once both
     * are in place.
     */
    public FilterPublisher subscribe(MatchRule rule, int capacity) {
        return new FilterPublisher(engine, rule, capacity, threads::deliver,
                () -> acquire(rule, true), () -> release(rule, true));
    }

    private CompletableFuture<Void> acquire(MatchRule rule, boolean busMatch) {
        String sender = rule.sender();
        boolean track = RouterEngine.needsOwner(sender);
        CompletableFuture<Void> owner = track ? engine.trackOwner(sender) : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> match = busMatch ? matches.acquire(rule) : CompletableFuture.completedFuture(null);
        return CompletableFuture.allOf(owner, match).whenComplete((ok, e) -> {
            if (e != null) { // the publisher releases only what it holds: undo the half that worked
                if (track) {
                    engine.untrackOwner(sender);
                }
                if (busMatch && match.isDone() && !match.isCompletedExceptionally()) {
                    matches.release(rule);
                }
            }
        });
    }

    private void release(MatchRule rule, boolean busMatch) {
        if (busMatch) {
            matches.release(rule);
        }
        if (RouterEngine.needsOwner(rule.sender())) {
            engine.untrackOwner(rule.sender());
        }
    }

    /** Runs {@code listener} (on a virtual thread) when the connection closes or is lost. */
    public void onDisconnect(Consumer<ConnectionClosedException> listener) {
        engine.onClose(listener);
    }

    public long unroutedMessages() {
        return engine.unroutedMessages();
    }

    public long lateReplies() {
        return engine.lateReplies();
    }

    public boolean isOpen() {
        return engine.isOpen();
    }

    /**
     * Closes: pending futures fail and subscriptions end with "router closed", a moment later
     * on the delivery thread. Returns at once (safe to call from a callback). Idempotent.
     */
    @Override
    public void close() {
        engine.close(false);
    }
}
