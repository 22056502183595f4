package io.jitney.io.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusErrorException;
import io.jitney.DBusTimeoutException;
import io.jitney.bus.MessageBus;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadedRouterTest {
    /** 10,000 concurrent callers exceed dbus-daemon's default of 8192 pending replies per connection. */
    @RegisterExtension
    static final DBusDaemonExtension bus = DBusDaemonExtension.builder()
            .limit("max_replies_per_connection", 100_000).build();

    static final Duration T = Duration.ofSeconds(10);

    static DBusAddress echo(EchoService service) {
        return new DBusAddress("/org/example/Echo", service.name(), "org.example.Echo");
    }

    @Test
    void sixtyFourThreadsMakeTwoHundredCallsEachAndEveryReplyReachesItsCaller() throws Exception {
        try (var service = new EchoService(bus.unixPathAddress()); var router = ThreadedRouter.open(bus.unixPathAddress())) {
            var target = echo(service);
            var pool = Executors.newFixedThreadPool(64);
            var results = new ArrayList<Future<Integer>>();
            for (int t = 0; t < 64; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        String token = thread + ":" + i;
                        Message reply = router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "su", token, (long) i), T);
                        assertThat(reply.body()).containsExactly(token, (long) i);
                        ok++;
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (var f : results) {
                total += f.get(110, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(total).isEqualTo(64 * 200);
            assertThat(service.calls.get()).isEqualTo(64 * 200);
            assertThat(router.lateReplies()).isZero();
        }
    }

    @Test
    void tenThousandVirtualThreadsMakeTenCallsEach() throws Exception {
        try (var service = new EchoService(bus.unixPathAddress()); var router = ThreadedRouter.open(bus.unixPathAddress())) {
            var target = echo(service);
            var seen = ConcurrentHashMap.<String>newKeySet();
            var failures = new AtomicReference<Throwable>();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 10_000; t++) {
                    int thread = t;
                    executor.submit(() -> {
                        try {
                            for (int i = 0; i < 10; i++) {
                                String token = thread + ":" + i;
                                Message reply = router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "s", token), T);
                                String got = (String) reply.body().getFirst();
                                if (!got.equals(token) || !seen.add(got)) {
                                    throw new AssertionError("thread " + thread + " got " + got + " for " + token);
                                }
                            }
                        } catch (Throwable e) {
                            failures.compareAndSet(null, e);
                        }
                    });
                }
            }
            assertThat(failures.get()).isNull();
            assertThat(seen).hasSize(100_000);
            assertThat(service.calls.get()).isEqualTo(100_000);
        }
    }

    @Test
    void errorsTimeoutsAndLateReplies() throws Exception {
        try (var service = new EchoService(bus.unixPathAddress()); var router = ThreadedRouter.open(bus.unixPathAddress())) {
            var target = echo(service);
            assertThatThrownBy(() -> router.sendAndGetReply(Messages.newMethodCall(target, "Fail", ""), T))
                    .isInstanceOfSatisfying(DBusErrorException.class,
                            e -> assertThat(e.errorName()).isEqualTo("org.example.Error.Failed"));
            assertThatThrownBy(() -> router.sendAndGetReply(Messages.newMethodCall(target, "Sleep", "u", 500L),
                    Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(DBusTimeoutException.class, e -> {
                        // rethrown on the caller's thread with the sweeper's failure as its cause,
                        // saying once how long was allowed
                        assertThat(e.getMessage()).contains("Sleep").endsWith(" (timeout PT0.05S)");
                        assertThat(e.getMessage().split("\\(timeout ", -1)).hasSize(2);
                        assertThat(e.description()).contains("Sleep").doesNotContain("timeout PT");
                        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(50));
                    });
            Thread.sleep(800);
            assertThat(router.lateReplies()).isEqualTo(1);
            // still usable
            assertThat(router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "s", "after"), T).body())
                    .containsExactly("after");
        }
    }

    @Test
    void closingFailsEveryPendingCallAndWakesEveryConsumerAtOnce() throws Exception {
        try (var service = new EchoService(bus.unixPathAddress())) {
            var router = ThreadedRouter.open(bus.unixPathAddress());
            var target = echo(service);
            var filter = router.filter(MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.None").build(), 10);
            var disconnected = new CountDownLatch(1);
            router.onDisconnect(e -> disconnected.countDown());
            var outcomes = new ConcurrentHashMap<String, Throwable>();
            var started = new CountDownLatch(6);
            var threads = new ArrayList<Thread>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    started.countDown();
                    try {
                        router.sendAndGetReply(Messages.newMethodCall(target, "Sleep", "u", 60_000L), Duration.ofMinutes(1));
                    } catch (Throwable e) {
                        outcomes.put("call" + n, e);
                    }
                }));
            }
            threads.add(Thread.ofVirtual().start(() -> {
                started.countDown();
                try {
                    filter.receive(Duration.ofMinutes(1));
                } catch (Throwable e) {
                    outcomes.put("filter", e);
                }
            }));
            started.await();
            Thread.sleep(300); // let the calls reach the service
            long t0 = System.nanoTime();
            router.close();
            router.close(); // idempotent
            for (Thread t : threads) {
                t.join(5_000);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(outcomes).hasSize(6);
            assertThat(outcomes.values()).allSatisfy(e -> assertThat(e)
                    .isInstanceOf(ConnectionClosedException.class).hasMessageContaining("router closed"));
            assertThat(disconnected.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> router.send(new MessageBus().getId())).isInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void thePeerGoingAwayIsReportedAsConnectionLost() throws Exception {
        // A private bus of our own, so that stopping it affects only this test.
        var ownBus = new DBusDaemonExtension();
        ownBus.start();
        try {
            var router = ThreadedRouter.open(ownBus.unixPathAddress());
            var lost = new AtomicReference<ConnectionClosedException>();
            var latch = new CountDownLatch(1);
            router.onDisconnect(e -> {
                lost.set(e);
                latch.countDown();
            });
            var filter = router.filter(MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.None").build(), 10);
            ownBus.stop();
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(lost.get()).hasMessageContaining("connection lost");
            assertThatThrownBy(() -> filter.receive(T)).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("connection lost");
            router.close();
        } finally {
            ownBus.stop();
        }
    }

    @Test
    void signalsReachFiltersAndHandlersInOrderOffTheReaderThread() throws Exception {
        try (var emitter = ThreadedConnection.open(bus.unixPathAddress()); var router = ThreadedRouter.open(bus.unixPathAddress())) {
            var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Ticker").build();
            var order = new ArrayList<Integer>();
            var handlerThreads = ConcurrentHashMap.<String>newKeySet();
            var done = new CountDownLatch(1);
            var source = new DBusAddress("/ticker", null, "org.example.Ticker");
            try (var sub = router.subscribe(rule, 1000);
                    var handler = router.onMessage(rule, 1000, m -> {
                        handlerThreads.add(Thread.currentThread().getName());
                        synchronized (order) {
                            order.add((Integer) m.body().getFirst());
                            if (order.size() == 100) {
                                done.countDown();
                            }
                        }
                    })) {
                for (int i = 0; i < 100; i++) {
                    emitter.send(Messages.newSignal(source, "Tick", "i", i));
                }
                var got = new ArrayList<Integer>();
                for (int i = 0; i < 100; i++) {
                    got.add((Integer) sub.receive(T).body().getFirst());
                }
                assertThat(got).isEqualTo(range(100));
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(order).isEqualTo(range(100));
                assertThat(handlerThreads).noneMatch(n -> n.startsWith("jitney-reader"));
                assertThat(handler.dropped()).isZero();
            }
        }
    }

    @Test
    void aHandlerThatCallsBackIntoTheRouterDoesNotDeadlock() throws Exception {
        try (var service = new EchoService(bus.unixPathAddress());
                var emitter = ThreadedConnection.open(bus.unixPathAddress());
                var router = ThreadedRouter.open(bus.unixPathAddress())) {
            var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Reentrant").build();
            var answers = new ArrayList<String>();
            var done = new CountDownLatch(5);
            try (var sub = router.subscribe(rule, 10);
                    var handler = router.onMessage(rule, 10, m -> {
                        try {
                            Message r = router.sendAndGetReply(Messages.newMethodCall(echo(service), "Echo", "s",
                                    "re-" + m.body().getFirst()), T);
                            synchronized (answers) {
                                answers.add((String) r.body().getFirst());
                            }
                            done.countDown();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    })) {
                for (int i = 0; i < 5; i++) {
                    emitter.send(Messages.newSignal(new DBusAddress("/r", null, "org.example.Reentrant"), "Go", "i", i));
                }
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(answers).containsExactly("re-0", "re-1", "re-2", "re-3", "re-4");
            }
        }
    }

    @Test
    void aFullFilterDropsTheOldestAndCountsThem() throws Exception {
        try (var emitter = ThreadedConnection.open(bus.unixPathAddress()); var router = ThreadedRouter.open(bus.unixPathAddress())) {
            var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Flood").build();
            try (var sub = router.subscribe(rule, 4)) {
                for (int i = 0; i < 20; i++) {
                    emitter.send(Messages.newSignal(new DBusAddress("/f", null, "org.example.Flood"), "F", "i", i));
                }
                // a round trip through the bus after the signals: they have been routed by then
                emitter.send(Messages.newSignal(new DBusAddress("/f", null, "org.example.Flood"), "End", "i", 20));
                long deadline = System.nanoTime() + T.toNanos();
                while (sub.dropped() < 17 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(sub.dropped()).isEqualTo(17);
                var got = new ArrayList<Integer>();
                for (int i = 0; i < 4; i++) {
                    got.add((Integer) sub.receive(T).body().getFirst());
                }
                assertThat(got).containsExactly(17, 18, 19, 20);
            }
        }
    }

    @Test
    void unhandledMethodCallsGetUnknownMethodInsteadOfATimeout() throws Exception {
        try (var router = ThreadedRouter.open(bus.unixPathAddress());
                var caller = ThreadedRouter.open(bus.unixPathAddress())) {
            var target = new DBusAddress("/nothing/here", router.uniqueName(), "org.example.None");
            assertThatThrownBy(() -> caller.sendAndGetReply(Messages.newMethodCall(target, "Anything", ""), T))
                    .isInstanceOfSatisfying(DBusErrorException.class,
                            e -> assertThat(e.errorName()).isEqualTo("org.freedesktop.DBus.Error.UnknownMethod"));
        }
    }

    @Test
    void threadedConnectionReceiveCanBeInterrupted() throws Exception {
        try (var conn = ThreadedConnection.open(bus.unixPathAddress())) {
            assertThat(conn.receive(T).member()).isEqualTo("NameAcquired");
            var outcome = new AtomicReference<Throwable>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    conn.receive(Duration.ofMinutes(1));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            Thread.sleep(200);
            t.interrupt();
            t.join(5_000);
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            // and close wakes another one
            var outcome2 = new AtomicReference<Throwable>();
            Thread t2 = Thread.ofVirtual().start(() -> {
                try {
                    conn.receive(Duration.ofMinutes(1));
                } catch (Throwable e) {
                    outcome2.set(e);
                }
            });
            Thread.sleep(200);
            conn.close();
            t2.join(5_000);
            assertThat(outcome2.get()).isInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void concurrentSendsAreNeverInterleaved() throws Exception {
        try (var receiver = ThreadedConnection.open(bus.unixPathAddress()); var sender = ThreadedConnection.open(bus.unixPathAddress())) {
            assertThat(receiver.receive(T).member()).isEqualTo("NameAcquired");
            var target = new DBusAddress("/sink", receiver.uniqueName(), "org.example.Sink");
            byte[] big = new byte[200_000];
            var count = new AtomicInteger();
            try (var executor = Executors.newFixedThreadPool(8)) {
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    executor.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            byte[] payload = big.clone();
                            payload[0] = (byte) thread;
                            sender.send(Messages.newMethodCall(target, "Put", "ayi", payload, i)
                                    .toBuilder().flags(1).build());
                            count.incrementAndGet();
                        }
                        return null;
                    });
                }
            }
            for (int i = 0; i < 200; i++) {
                Message m = receiver.receive(T);
                assertThat(((byte[]) m.body().get(0))).hasSize(200_000);
            }
            assertThat(count.get()).isEqualTo(200);
        }
    }

    static List<Integer> range(int n) {
        var list = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    /** Regression: a rule with a well-known sender never matched, the signals carry the unique name. */
    @Test
    void aSubscriptionWithAWellKnownSenderGetsTheOwnersSignals() throws Exception {
        try (var service = new io.jitney.testing.ExampleService(bus.unixPathAddress());
                var router = ThreadedRouter.open(bus.unixPathAddress())) {
            var rule = MatchRule.builder().type(MessageType.SIGNAL).sender(io.jitney.testing.ExampleService.NAME)
                    .member("Pinged").build();
            try (var filter = router.subscribe(rule, 4)) {
                router.sendAndGetReply(new io.jitney.testing.ExampleGenerator(io.jitney.testing.ExampleService.NAME)
                        .emit("hi", 1), T);
                Message m = filter.receive(T);
                assertThat(m.sender()).isEqualTo(service.uniqueName());
                assertThat(m.body()).containsExactly("hi", 1L);
            }
        }
    }
}
