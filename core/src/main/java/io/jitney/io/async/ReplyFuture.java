package io.jitney.io.async;

import io.jitney.internal.conn.RouterEngine;
import io.jitney.message.Message;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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
    /** Threads in join/get: each completes this future from the call's reply before leaving. */
    private final AtomicInteger waiting = new AtomicInteger();

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
     * When the call has its reply (on whichever thread routed it): true if a thread waiting in
     * join/get will complete this future with it, so that the delivery thread need not — one
     * wake-up of that thread less per call.
     */
    boolean aWaiterWillComplete() {
        return waiting.get() > 0;
    }

    private void enter() {
        waiting.incrementAndGet();
    }

    /** Leaving join/get: if the reply came as this thread gave up waiting, it completes this future itself. */
    private void leave() {
        waiting.decrementAndGet();
        if (call.state() == State.SUCCESS && !isDone()) {
            deliver(call.resultNow());
        }
    }

    /**
     * Completes this future with the reply, unless that was done already; a reply nobody will
     * take (cancelled, timed out) has its descriptors closed.
     */
    void deliver(Message reply) {
        if (!complete(reply) && !(state() == State.SUCCESS && resultNow() == reply)) {
            reply.closeUnixFds();
        }
    }

    @Override
    public Message join() {
        enter();
        try {
            readForIt();
            if (!isDone()) {
                deliver(call.join());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // join() is not interruptible: keep the status, wait on
        } catch (CompletionException | CancellationException e) {
            // The call failed or was cancelled: the delivery thread (or the canceller) completes this.
        } finally {
            leave();
        }
        return super.join();
    }

    @Override
    public Message get() throws InterruptedException, ExecutionException {
        enter();
        try {
            readForIt();
            if (!isDone()) {
                deliver(call.get());
            }
        } catch (ExecutionException | CancellationException e) {
            // as in join()
        } finally {
            leave();
        }
        return super.get();
    }

    @Override
    public Message get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        enter();
        try {
            if (!isDone()) {
                engine.awaitReply(call, deadline);
            }
            if (!isDone()) {
                deliver(call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        } catch (ExecutionException | CancellationException e) {
            // as in join()
        } catch (TimeoutException e) {
            // this future's own wait below says so
        } finally {
            leave();
        }
        return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
