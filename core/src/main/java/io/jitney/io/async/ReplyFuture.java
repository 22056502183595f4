package io.jitney.io.async;

import io.jitney.internal.conn.RouterEngine;
import io.jitney.message.Message;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future {@link AsyncRouter#sendAndGetReply} returns. Callbacks attached to it run on the
 * delivery thread, never the reader; but a thread that <em>waits</em> for it ({@link #join},
 * {@link #get}) is woken by the reader itself, through the engine's future for the call, and
 * completes this future on its own thread — sparing a synchronous caller the hop through the
 * delivery thread (a thread wake-up per call, a large share of a local round trip).
 */
final class ReplyFuture extends CompletableFuture<Message> {
    /** The engine's future for the call: completed on the reader thread; runs no user code. */
    private final CompletableFuture<Message> call;
    private final RouterEngine engine;

    ReplyFuture(RouterEngine engine, CompletableFuture<Message> call) {
        this.engine = engine;
        this.call = call;
    }

    /**
     * A platform thread about to wait reads the socket itself while no other thread does (see
     * {@link RouterEngine#awaitReply}); returns when the call is done, or at once if it cannot.
     */
    private void readForIt() throws InterruptedException {
        if (!isDone()) {
            engine.awaitReply(call);
        }
    }

    /**
     * On the delivery thread: completes this future with the reply, unless a waiting thread did
     * so already; a reply nobody will take (cancelled, timed out) has its descriptors closed.
     */
    void deliver(Message reply) {
        if (!complete(reply) && !(state() == State.SUCCESS && resultNow() == reply)) {
            reply.closeUnixFds();
        }
    }

    @Override
    public Message join() {
        try {
            readForIt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // join() is not interruptible: keep the status, wait on
        }
        if (!isDone()) {
            try {
                complete(call.join());
            } catch (CompletionException | CancellationException e) {
                // The call failed or was cancelled: the delivery thread (or the canceller) completes this.
            }
        }
        return super.join();
    }

    @Override
    public Message get() throws InterruptedException, ExecutionException {
        readForIt();
        if (!isDone()) {
            try {
                complete(call.get());
            } catch (ExecutionException | CancellationException e) {
                // as in join()
            }
        }
        return super.get();
    }

    @Override
    public Message get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!isDone()) {
            engine.awaitReply(call, deadline);
        }
        if (!isDone()) {
            try {
                complete(call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException | CancellationException e) {
                // as in join()
            }
        }
        return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
