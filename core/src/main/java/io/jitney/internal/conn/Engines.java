package io.jitney.internal.conn;

import io.jitney.DBusException;
import io.jitney.DBusTimeoutException;
import io.jitney.bus.MessageBus;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.Message;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Opening a {@link RouterEngine}: connect, authenticate, start the reader, say Hello. */
public final class Engines {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private Engines() {}

    /** A running engine and what opening it learned. */
    public record Opened(RouterEngine engine, String uniqueName, String serverGuid) {}

    /**
     * Blocking: connects, authenticates, starts the reader thread and (if the options say so)
     * sends {@code Hello}.
     */
    public static Opened open(String address, ConnectionOptions options, Consumer<Message> fallback) {
        Connector.Connected c = Connector.connect(address, options);
        var engine = new RouterEngine(c.channel(), String.valueOf(COUNT.incrementAndGet()), fallback);
        engine.start();
        String unique = null;
        if (options.hello()) {
            try {
                Message reply = await(engine, engine.call(new MessageBus().hello()), options.authTimeout().toMillis(), "Hello");
                unique = (String) reply.body().getFirst();
            } catch (RuntimeException | InterruptedException e) {
                engine.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new DBusException("interrupted while waiting for the reply to Hello", e);
                }
                throw (RuntimeException) e;
            }
        }
        return new Opened(engine, unique, c.serverGuid());
    }

    /**
     * Waits for a reply future (a platform thread reads it from the socket itself where it can:
     * {@link RouterEngine#awaitReply}), turning its failure into the exception the caller should see
     * (the D-Bus error, the closed connection) and a timeout into {@link DBusTimeoutException}
     * after cancelling the call.
     */
    public static Message await(CompletableFuture<Message> reply, long timeoutMillis, String what)
            throws InterruptedException {
        return await(null, reply, timeoutMillis, what);
    }

    /** As {@link #await(CompletableFuture, long, String)}; with an engine, may read for the reply itself. */
    public static Message await(RouterEngine engine, CompletableFuture<Message> reply, long timeoutMillis,
            String what) throws InterruptedException {
        long start = System.nanoTime();
        try {
            if (timeoutMillis < 0) {
                if (engine != null) {
                    engine.awaitReply(reply, start + Long.MAX_VALUE / 4);
                }
                return reply.get();
            }
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            if (engine != null) {
                if (Thread.currentThread().isVirtual() && RouterEngine.hasDeadline(reply)) {
                    // The engine fails the call at its deadline: an untimed wait spares a virtual
                    // thread the timer its timed park would schedule and cancel on every call.
                    return reply.get();
                }
                engine.awaitReply(reply, start + nanos);
            }
            return reply.get(Math.max(0, nanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (!reply.cancel(false) && reply.state() == java.util.concurrent.Future.State.SUCCESS) {
                return reply.resultNow(); // the reply won the race with the timeout: it is ours
            }
            throw new DBusTimeoutException("timed out waiting for the reply to " + what,
                    java.time.Duration.ofMillis(timeoutMillis));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                // Re-throw on this thread with this thread's stack, keeping the original as the cause.
                throw rethrown(re);
            }
            throw new DBusException("call failed: " + cause, cause);
        } catch (CancellationException e) {
            throw new DBusException("the call for " + what + " was cancelled", e);
        } catch (InterruptedException e) {
            if (!reply.cancel(false) && reply.state() == java.util.concurrent.Future.State.SUCCESS) {
                reply.resultNow().closeUnixFds(); // arrived as we were interrupted: nobody will take it
            }
            throw e;
        }
    }

    private static RuntimeException rethrown(RuntimeException e) {
        if (e instanceof io.jitney.DBusErrorException d && d.reply() != null) {
            var copy = io.jitney.DBusErrorException.of(d.reply());
            copy.initCause(d);
            return copy;
        }
        if (e instanceof io.jitney.DBusTimeoutException t) {
            // The engine's deadline sweeper failed the call: the same failure, with this thread's stack.
            var copy = new io.jitney.DBusTimeoutException(t.description(), t.timeout());
            copy.initCause(t);
            return copy;
        }
        if (e instanceof io.jitney.ConnectionClosedException c) {
            return new io.jitney.ConnectionClosedException(c.getMessage(), c);
        }
        return e;
    }
}
