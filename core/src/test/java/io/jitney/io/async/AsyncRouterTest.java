package io.jitney.io.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusErrorException;
import io.jitney.DBusTimeoutException;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncRouterTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** A service on an AsyncConnection: echoes calls, fails "Fail", ignores "Ignore". */
    static AsyncConnection startService() throws Exception {
        return startService(bus.unixPathAddress());
    }

    static AsyncConnection startService(String address) throws Exception {
        AsyncConnection service = get(AsyncConnection.open(address));
        serveNext(service);
        return service;
    }

    private static void serveNext(AsyncConnection service) {
        service.receive().thenAccept(m -> {
            if (m.type() == MessageType.METHOD_CALL) {
                switch (m.member()) {
                    case "Fail" -> service.send(Messages.newError(m, "org.example.Error.Failed", "no"));
                    case "Ignore" -> { }
                    default -> service.send(Message.builder(MessageType.METHOD_RETURN).replySerial(m.serial())
                            .destination(m.sender()).body(m.signature(), m.body()).build());
                }
            }
            serveNext(service);
        });
    }

    @Test
    void repliesErrorsAndTimeoutsAsFutures() throws Exception {
        try (var service = startService(); var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            var futures = new ArrayList<CompletableFuture<Message>>();
            for (int i = 0; i < 500; i++) {
                futures.add(router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "i", i)));
            }
            for (int i = 0; i < 500; i++) {
                assertThat(get(futures.get(i)).body()).containsExactly(i);
            }
            assertThatThrownBy(() -> get(router.sendAndGetReply(Messages.newMethodCall(target, "Fail", ""))))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(DBusErrorException.class)
                    .hasMessageContaining("org.example.Error.Failed");
            assertThatThrownBy(() -> get(router.sendAndGetReply(Messages.newMethodCall(target, "Ignore", ""),
                    Duration.ofMillis(100))))
                    .cause().isInstanceOf(DBusTimeoutException.class).hasMessageContaining("Ignore");
            // orTimeout works too, and cancels the call
            var slow = router.sendAndGetReply(Messages.newMethodCall(target, "Ignore", "")).orTimeout(50, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> get(slow)).cause().isInstanceOf(java.util.concurrent.TimeoutException.class);
        }
    }

    @Test
    void callbacksNeverRunOnTheCallerOrReaderThread() throws Exception {
        try (var service = startService(); var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            var thread = new AtomicReference<String>();
            get(router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "s", "x"))
                    .thenApply(m -> {
                        thread.set(Thread.currentThread().getName());
                        return m;
                    }));
            // Attached before the reply can arrive, it runs on the delivery thread; attached to an
            // already completed future, it would run on the attaching thread, as with any
            // CompletableFuture. Never on the reader.
            assertThat(thread.get()).doesNotStartWith("jitney-reader")
                    .matches(name -> name.startsWith("jitney-delivery-") || name.equals(Thread.currentThread().getName()));
        }
    }

    @Test
    void cancellingAReplyFutureForgetsTheCall() throws Exception {
        try (var service = startService(); var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            var f = router.sendAndGetReply(Messages.newMethodCall(target, "Ignore", ""));
            Thread.sleep(100);
            assertThat(f.cancel(false)).isTrue();
            assertThat(get(router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "s", "still fine"))).body())
                    .containsExactly("still fine");
        }
    }

    /** A Flow subscriber that records what it gets and requests one at a time on demand. */
    static final class Recorder implements Flow.Subscriber<Message> {
        final List<Message> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch subscribed = new CountDownLatch(1);
        final CountDownLatch errored = new CountDownLatch(1);
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            subscribed.countDown();
        }

        @Override
        public void onNext(Message item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            errored.countDown();
        }

        @Override
        public void onComplete() {}
    }

    @Test
    void publishersHonourDemandDropTheOldestWhenFullAndCount() throws Exception {
        try (var emitter = get(AsyncConnection.open(bus.unixPathAddress()));
                var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Flow").build();
            var publisher = router.subscribe(rule, 5);
            var rec = new Recorder();
            publisher.subscribe(rec);
            assertThat(rec.subscribed.await(10, TimeUnit.SECONDS)).isTrue();
            var source = new DBusAddress("/flow", null, "org.example.Flow");
            for (int i = 0; i < 3; i++) {
                get(emitter.send(Messages.newSignal(source, "S", "i", i)));
            }
            Thread.sleep(200);
            assertThat(rec.items).isEmpty(); // no demand, nothing delivered
            rec.subscription.request(2);
            waitFor(() -> rec.items.size() == 2);
            Thread.sleep(100);
            assertThat(values(rec.items)).containsExactly(0, 1);
            for (int i = 3; i < 20; i++) {
                get(emitter.send(Messages.newSignal(source, "S", "i", i)));
            }
            var sub = (FilterPublisher.FilterSubscription) rec.subscription;
            waitFor(() -> sub.dropped() == 13); // 18 waiting, room for 5
            rec.subscription.request(100);
            waitFor(() -> rec.items.size() == 7);
            assertThat(values(rec.items)).containsExactly(0, 1, 15, 16, 17, 18, 19);
            assertThat(publisher.dropped()).isEqualTo(13);
            rec.subscription.cancel();
            get(emitter.send(Messages.newSignal(source, "S", "i", 99)));
            Thread.sleep(200);
            assertThat(rec.items).hasSize(7);
        }
    }

    @Test
    void aSecondSubscriberOfTheSameRuleSharesTheBusMatch() throws Exception {
        try (var emitter = get(AsyncConnection.open(bus.unixPathAddress()));
                var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Shared").build();
            var a = new Recorder();
            var b = new Recorder();
            router.subscribe(rule, 10).subscribe(a);
            router.subscribe(rule, 10).subscribe(b);
            a.subscribed.await(10, TimeUnit.SECONDS);
            b.subscribed.await(10, TimeUnit.SECONDS);
            a.subscription.request(Long.MAX_VALUE);
            b.subscription.request(Long.MAX_VALUE);
            a.subscription.cancel(); // b still holds the match
            var source = new DBusAddress("/s", null, "org.example.Shared");
            get(emitter.send(Messages.newSignal(source, "S", "i", 1)));
            waitFor(() -> b.items.size() == 1);
            assertThat(a.items).isEmpty();
        }
    }

    @Test
    void closingFailsPendingFuturesAndEndsSubscriptions() throws Exception {
        try (var service = startService()) {
            var router = get(AsyncRouter.open(bus.unixPathAddress(), ConnectionOptions.defaults()));
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            var pending = router.sendAndGetReply(Messages.newMethodCall(target, "Ignore", ""));
            var rec = new Recorder();
            router.filter(MatchRule.builder().interfaceName("org.example.Nothing").build(), 4).subscribe(rec);
            rec.subscribed.await(10, TimeUnit.SECONDS);
            Thread.sleep(100);
            router.close();
            router.close();
            assertThatThrownBy(() -> get(pending)).cause().isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("router closed");
            assertThat(rec.errored.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(rec.error.get()).isInstanceOf(ConnectionClosedException.class);
            assertThatThrownBy(() -> get(router.sendAndGetReply(Messages.newMethodCall(target, "Echo", ""))))
                    .cause().isInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void asyncConnectionReceivesInOrderAndNeverDrops() throws Exception {
        try (var sender = get(AsyncConnection.open(bus.unixPathAddress()));
                var conn = get(AsyncConnection.open(bus.unixPathAddress()))) {
            assertThat(get(conn.receive()).member()).isEqualTo("NameAcquired");
            var target = new DBusAddress("/x", conn.uniqueName(), "org.example.I");
            var receives = new ArrayList<CompletableFuture<Message>>();
            for (int i = 0; i < 50; i++) {
                receives.add(conn.receive());
            }
            for (int i = 0; i < 100; i++) {
                sender.send(Messages.newMethodCall(target, "M", "i", i).toBuilder().flags(1).build());
            }
            for (int i = 0; i < 50; i++) {
                assertThat(get(receives.get(i)).body()).containsExactly(i);
            }
            for (int i = 50; i < 100; i++) {
                assertThat(get(conn.receive()).body()).containsExactly(i);
            }
        }
    }

    @Test
    void noCallerThreadBlocks() throws Exception {
        // open, send, sendAndGetReply and receive return at once even when nothing answers.
        long t0 = System.nanoTime();
        var opening = AsyncRouter.open("unix:path=/nonexistent/jitney/bus");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
        assertThatThrownBy(() -> get(opening)).cause().isInstanceOf(io.jitney.TransportException.class)
                .hasMessageContaining("/nonexistent/jitney/bus");
    }

    static List<Integer> values(List<Message> messages) {
        return messages.stream().map(m -> (Integer) m.body().getFirst()).toList();
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** Regression: a rule with a well-known sender never matched, the signals carry the unique name. */
    @Test
    void aSubscriptionWithAWellKnownSenderGetsTheOwnersSignals() throws Exception {
        try (var service = new io.jitney.testing.ExampleService(bus.unixPathAddress());
                var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var rule = MatchRule.builder().type(MessageType.SIGNAL).sender(io.jitney.testing.ExampleService.NAME)
                    .member("Pinged").build();
            var got = new java.util.concurrent.ArrayBlockingQueue<Message>(4);
            var subscribed = new CompletableFuture<Flow.Subscription>();
            router.subscribe(rule, 4).subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                    subscribed.complete(s);
                }

                @Override
                public void onNext(Message m) {
                    got.add(m);
                }

                @Override
                public void onError(Throwable e) {
                    subscribed.completeExceptionally(e);
                }

                @Override
                public void onComplete() {}
            });
            Flow.Subscription s = get(subscribed);
            get(router.sendAndGetReply(new io.jitney.testing.ExampleGenerator(io.jitney.testing.ExampleService.NAME)
                    .emit("hi", 1)));
            Message m = got.poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.sender()).isEqualTo(service.uniqueName());
            assertThat(m.body()).containsExactly("hi", 1L);
            s.cancel();
        }
    }
}
