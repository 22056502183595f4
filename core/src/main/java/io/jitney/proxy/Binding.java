package io.jitney.proxy;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusException;
import io.jitney.DBusTimeoutException;
import io.jitney.internal.conn.Engines;
import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.Message;
import io.jitney.routing.MatchRule;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What a typed proxy needs from an integration: a call that waits, a call that returns a future
 * (completed off the reader thread), sending without reply, and signals as a handler, a
 * publisher or a queue — each integration offering what it can.
 */
abstract sealed class Binding permits Binding.Blocking, Binding.Threaded, Binding.Async {
    final Duration timeout;

    private Binding(Duration timeout) {
        this.timeout = timeout;
    }

    /** Sends a call and waits for its reply (an error reply is thrown). */
    abstract Message call(Message call) throws InterruptedException;

    /** Sends a call; the future completes with the reply, never on a reader thread. */
    abstract CompletableFuture<Message> callAsync(Message call);

    /** Sends a message that expects no reply. */
    abstract void send(Message message);

    abstract SignalSubscription subscribe(MatchRule rule, int capacity, Consumer<Message> handler);

    abstract Flow.Publisher<Message> publisher(MatchRule rule, int capacity);

    abstract MessageQueue queue(MatchRule rule, int capacity);

    /** For {@code toString}: which integration. */
    abstract String name();

    /** A subscription's queue of messages. */
    interface MessageQueue {
        Message receive(Duration timeout) throws InterruptedException;

        Message poll();

        long dropped();

        void close();
    }

    static DBusException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DBusException("interrupted while " + what, e);
    }

    // --- blocking --------------------------------------------------------------------------------

    static final class Blocking extends Binding {
        private final BlockingConnection connection;

        Blocking(BlockingConnection connection, Duration timeout) {
            super(timeout);
            this.connection = connection;
        }

        @Override
        Message call(Message call) {
            return timeout == null ? connection.sendAndGetReply(call) : connection.sendAndGetReply(call, timeout);
        }

        @Override
        CompletableFuture<Message> callAsync(Message call) {
            try {
                return CompletableFuture.completedFuture(call(call));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        void send(Message message) {
            connection.send(message);
        }

        @Override
        SignalSubscription subscribe(MatchRule rule, int capacity, Consumer<Message> handler) {
            throw new UnsupportedOperationException("a BlockingConnection has no thread of its own to run signal "
                    + "handlers on: use TypedProxy.queue(...) and receive from it on the connection's thread");
        }

        @Override
        Flow.Publisher<Message> publisher(MatchRule rule, int capacity) {
            throw new UnsupportedOperationException("a BlockingConnection cannot publish signals by itself: "
                    + "use TypedProxy.queue(...)");
        }

        @Override
        MessageQueue queue(MatchRule rule, int capacity) {
            BlockingConnection.Filter filter = connection.subscribe(rule, capacity);
            return new MessageQueue() {
                @Override
                public Message receive(Duration timeout) {
                    return filter.receive(timeout);
                }

                @Override
                public Message poll() {
                    return filter.poll();
                }

                @Override
                public long dropped() {
                    return filter.dropped();
                }

                @Override
                public void close() {
                    filter.close();
                }
            };
        }

        @Override
        String name() {
            return "blocking connection";
        }
    }

    // --- threading -------------------------------------------------------------------------------

    static final class Threaded extends Binding {
        private static final java.util.concurrent.Executor OFF_READER = r -> Thread.ofVirtual()
                .name("jitney-typed-proxy").start(r);
        private final ThreadedRouter router;

        Threaded(ThreadedRouter router, Duration timeout) {
            super(timeout);
            this.router = router;
        }

        @Override
        Message call(Message call) throws InterruptedException {
            return timeout == null ? router.sendAndGetReply(call) : router.sendAndGetReply(call, timeout);
        }

        @Override
        CompletableFuture<Message> callAsync(Message call) {
            Duration t = timeout != null ? timeout : router.options().defaultTimeout();
            CompletableFuture<Message> pending;
            try {
                pending = router.sendAndGetReplyAsync(call);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            var result = new CompletableFuture<Message>();
            // The router completes on its reader thread; user callbacks must not run there.
            pending.orTimeout(t.toNanos(), TimeUnit.NANOSECONDS).whenCompleteAsync((reply, e) -> {
                if (e == null) {
                    result.complete(reply);
                    return;
                }
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof TimeoutException) {
                    pending.cancel(false);
                    cause = new DBusTimeoutException("timed out waiting for the reply to " + call.member(), t);
                }
                result.completeExceptionally(cause);
            }, OFF_READER);
            return result;
        }

        @Override
        void send(Message message) {
            router.send(message);
        }

        @Override
        SignalSubscription subscribe(MatchRule rule, int capacity, Consumer<Message> handler) {
            try {
                return SignalPump.start(router.subscribe(rule, capacity), handler);
            } catch (InterruptedException e) {
                throw interrupted("subscribing to " + rule, e);
            }
        }

        @Override
        Flow.Publisher<Message> publisher(MatchRule rule, int capacity) {
            throw new UnsupportedOperationException("the threading integration delivers signals to handlers and "
                    + "queues: use TypedProxy.subscribe(...) or queue(...), or an AsyncRouter for publishers");
        }

        @Override
        MessageQueue queue(MatchRule rule, int capacity) {
            ThreadedRouter.Filter filter;
            try {
                filter = router.subscribe(rule, capacity);
            } catch (InterruptedException e) {
                throw interrupted("subscribing to " + rule, e);
            }
            return new MessageQueue() {
                @Override
                public Message receive(Duration timeout) throws InterruptedException {
                    return filter.receive(timeout);
                }

                @Override
                public Message poll() {
                    return filter.poll();
                }

                @Override
                public long dropped() {
                    return filter.dropped();
                }

                @Override
                public void close() {
                    filter.close();
                }
            };
        }

        @Override
        String name() {
            return "threaded router";
        }
    }

    // --- async -----------------------------------------------------------------------------------

    static final class Async extends Binding {
        private static final System.Logger LOG = System.getLogger(Async.class.getName());
        private final AsyncRouter router;

        Async(AsyncRouter router, Duration timeout) {
            super(timeout);
            this.router = router;
        }

        /**
         * Waiting on the delivery thread for a future that thread must complete would hang until
         * the timeout; say so at once instead.
         */
        private static void checkNotDeliveryThread(String what) {
            if (Thread.currentThread().getName().startsWith("jitney-delivery-")) {
                throw new IllegalStateException(what + " would wait on the async router's delivery thread, which must "
                        + "complete the reply: return a CompletableFuture from the interface method, or call it "
                        + "from another thread");
            }
        }

        @Override
        Message call(Message call) throws InterruptedException {
            checkNotDeliveryThread("a blocking call of " + call.member());
            return Engines.await(callAsync(call), -1, call.member());
        }

        @Override
        CompletableFuture<Message> callAsync(Message call) {
            return timeout == null ? router.sendAndGetReply(call) : router.sendAndGetReply(call, timeout);
        }

        @Override
        void send(Message message) {
            CompletableFuture<Integer> sent = router.send(message);
            if (Thread.currentThread().getName().startsWith("jitney-delivery-")) {
                sent.whenComplete((serial, e) -> {
                    if (e != null) {
                        LOG.log(System.Logger.Level.WARNING, "sending " + message.member() + " failed", e);
                    }
                });
                return;
            }
            try {
                sent.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw e;
            }
        }

        @Override
        SignalSubscription subscribe(MatchRule rule, int capacity, Consumer<Message> handler) {
            var subscriber = new HandlerSubscriber(handler, rule);
            router.subscribe(rule, capacity).subscribe(subscriber);
            return subscriber;
        }

        @Override
        Flow.Publisher<Message> publisher(MatchRule rule, int capacity) {
            return router.subscribe(rule, capacity);
        }

        @Override
        MessageQueue queue(MatchRule rule, int capacity) {
            throw new UnsupportedOperationException("the async integration does not block: use "
                    + "TypedProxy.signals(...) (a Flow.Publisher) or subscribe(...)");
        }

        @Override
        String name() {
            return "async router";
        }
    }

    /**
     * Runs a handler for each message of an async subscription, one at a time and in order, on a
     * virtual thread (so that it may block and call back into the router). Asks for one message
     * at a time: while the handler is busy, messages wait in the subscription's bounded buffer.
     */
    private static final class HandlerSubscriber implements Flow.Subscriber<Message>, SignalSubscription {
        private static final System.Logger LOG = System.getLogger(HandlerSubscriber.class.getName());
        private final Consumer<Message> handler;
        private final MatchRule rule;
        private final ExecutorService executor;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean closed;

        HandlerSubscriber(Consumer<Message> handler, MatchRule rule) {
            this.handler = handler;
            this.rule = rule;
            this.executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("jitney-signal-" + rule.member())
                    .factory());
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            ready.complete(null);
            if (closed) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(Message m) {
            try {
                executor.execute(() -> {
                    try {
                        if (!closed) {
                            handler.accept(m);
                        }
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "a signal handler for " + rule + " failed", e);
                    } finally {
                        if (!closed) {
                            subscription.request(1);
                        }
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile: the signal is not wanted any more
            }
        }

        @Override
        public void onError(Throwable e) {
            ready.completeExceptionally(e);
            executor.shutdown();
            if (!(e instanceof ConnectionClosedException)) {
                LOG.log(System.Logger.Level.WARNING, "the subscription to " + rule + " failed", e);
            }
        }

        @Override
        public void onComplete() {
            executor.shutdown();
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        @Override
        public long dropped() {
            return subscription instanceof io.jitney.io.async.FilterPublisher.FilterSubscription f ? f.dropped() : 0;
        }

        @Override
        public void close() {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            executor.shutdown();
        }
    }
}
