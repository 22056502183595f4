package io.jitney.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusTimeoutException;
import io.jitney.io.ConnectionOptions;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A platform thread waiting for a reply reads and routes messages itself
 * ({@link RouterEngine#awaitReply}); the reader thread stands down meanwhile and takes over again
 * when callers are gone. Observed through a filter sink, which runs on whichever thread routes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallersReadTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final long MINUTE = 60_000;

    /** Answers {@code Announce(s)} with a signal {@code Announced(s)} to the caller, then the reply; {@code Sleep(u)} after a delay. */
    static final class Announcer implements AutoCloseable {
        final BlockingConnection conn = BlockingConnection.open(bus.unixPathAddress());
        final Thread thread = Thread.ofPlatform().daemon().name("announcer").start(this::serve);

        DBusAddress address() {
            return new DBusAddress("/a", conn.uniqueName(), "org.example.Announcer");
        }

        private void serve() {
            try {
                while (true) {
                    Message m = conn.receive(Duration.ofDays(1));
                    if (m == null || m.type() != MessageType.METHOD_CALL) {
                        continue;
                    }
                    if (m.member().equals("Sleep")) {
                        long millis = (Long) m.body().getFirst();
                        Thread.ofVirtual().start(() -> {
                            try {
                                Thread.sleep(millis);
                                conn.send(Messages.newMethodReturn(m, ""));
                            } catch (InterruptedException | ConnectionClosedException e) {
                                // closing
                            }
                        });
                        continue;
                    }
                    conn.send(Message.builder(MessageType.SIGNAL).path("/a").interfaceName("org.example.Announcer")
                            .member("Announced").destination(m.sender()).body("s", m.body().getFirst()).build());
                    conn.send(Messages.newMethodReturn(m, "s", m.body().getFirst()));
                }
            } catch (ConnectionClosedException e) {
                // closed
            }
        }

        @Override
        public void close() throws InterruptedException {
            conn.close();
            thread.join(5_000);
        }
    }

    static final MatchRule ANNOUNCED = MatchRule.builder().type(MessageType.SIGNAL).member("Announced").build();

    /** An engine like a router's (no fallback), and a sink recording which thread routed each signal. */
    record Routed(RouterEngine engine, String uniqueName, LinkedBlockingQueue<String> signals,
            ConcurrentHashMap<String, Thread> routedBy) {
        static Routed open() {
            var signals = new LinkedBlockingQueue<String>();
            var routedBy = new ConcurrentHashMap<String, Thread>();
            Engines.Opened opened = Engines.open(bus.unixPathAddress(), ConnectionOptions.defaults(), null);
            RouterEngine engine = opened.engine();
            engine.addFilter(ANNOUNCED, m -> {
                String text = (String) m.body().getFirst();
                routedBy.put(text, Thread.currentThread());
                signals.add(text);
            });
            return new Routed(engine, opened.uniqueName(), signals, routedBy);
        }

        String call(DBusAddress to, String member, String text) throws InterruptedException {
            Message reply = Engines.await(engine, engine.call(Messages.newMethodCall(to, member, "s", text)), MINUTE, member);
            return (String) reply.body().getFirst();
        }
    }

    @Test
    void aPlatformCallerReadsItsReplyAndRoutesWhatArrivesBeforeIt() throws Exception {
        try (var service = new Announcer()) {
            var r = Routed.open();
            try (var engine = r.engine()) {
                for (int i = 0; i < 200; i++) {
                    assertThat(r.call(service.address(), "Announce", "p" + i)).isEqualTo("p" + i);
                }
                // The signal came before each reply: whoever read the reply routed it. Mostly
                // that is the calling thread itself. (The reader thread reads when calls begin,
                // and again whenever this thread has been away for over a millisecond, as on a
                // loaded machine.)
                long byCaller = r.routedBy().values().stream().filter(t -> t == Thread.currentThread()).count();
                assertThat(byCaller).as("signals routed by the calling thread").isPositive();
                assertThat(r.signals()).hasSize(200);
            }
        }
    }

    @Test
    void aVirtualCallerIsHandedItsReplyByTheReaderThread() throws Exception {
        try (var service = new Announcer()) {
            var r = Routed.open();
            try (var engine = r.engine()) {
                var failure = new AtomicReference<Throwable>();
                Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < 5; i++) {
                            assertThat(r.call(service.address(), "Announce", "v" + i)).isEqualTo("v" + i);
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }).join();
                assertThat(failure.get()).isNull();
                // A virtual thread never reads (a native read would pin its carrier).
                assertThat(r.routedBy().get("v4").getName()).startsWith("jitney-reader-");
            }
        }
    }

    @Test
    void platformCallersTakeTurnsAndTheReaderThreadResumesWhenTheyAreGone() throws Exception {
        try (var service = new Announcer(); var emitter = BlockingConnection.open(bus.unixPathAddress())) {
            var r = Routed.open();
            try (var engine = r.engine()) {
                int threads = 8;
                int calls = 300;
                var callers = new ArrayList<Thread>();
                var failure = new AtomicReference<Throwable>();
                var ok = new AtomicInteger();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    callers.add(Thread.ofPlatform().name("caller-" + t).start(() -> {
                        try {
                            for (int i = 0; i < calls; i++) {
                                String token = thread + ":" + i;
                                if (!r.call(service.address(), "Announce", token).equals(token)) {
                                    throw new AssertionError("wrong reply for " + token);
                                }
                                ok.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                for (Thread t : callers) {
                    t.join(60_000);
                }
                assertThat(failure.get()).isNull();
                assertThat(ok.get()).isEqualTo(threads * calls);
                for (int i = 0; i < threads * calls; i++) {
                    assertThat(r.signals().poll(10, TimeUnit.SECONDS)).as("signal %d", i).isNotNull();
                }
                var routers = new java.util.HashSet<>(r.routedBy().values());
                assertThat(routers).as("callers read for each other").anyMatch(t -> t.getName().startsWith("caller-"));

                // No caller now: a signal sent to this connection is still routed, by the reader thread.
                emitter.send(Message.builder(MessageType.SIGNAL).path("/e").interfaceName("org.example.Emitter")
                        .member("Announced").destination(r.uniqueName()).body("s", "later").build());
                assertThat(r.signals().poll(10, TimeUnit.SECONDS)).isEqualTo("later");
                assertThat(r.routedBy().get("later").getName()).startsWith("jitney-reader-");
            }
        }
    }

    @Test
    void aReadingCallerCanBeInterruptedAndTimesOut() throws Exception {
        try (var service = new Announcer()) {
            var r = Routed.open();
            try (var engine = r.engine()) {
                var sleep = Messages.newMethodCall(service.address(), "Sleep", "u", 30_000L);
                var outcome = new AtomicReference<Throwable>();
                var started = new CountDownLatch(1);
                Thread caller = Thread.ofPlatform().start(() -> {
                    started.countDown();
                    try {
                        Engines.await(engine, engine.call(sleep), MINUTE, "Sleep");
                    } catch (Throwable e) {
                        outcome.set(e);
                    }
                });
                started.await();
                Thread.sleep(300);
                long t0 = System.nanoTime();
                caller.interrupt();
                caller.join(5_000);
                assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
                assertThat(engine.pendingCalls()).isZero(); // the interrupted call was forgotten

                assertThatThrownBy(() -> Engines.await(engine, engine.call(sleep), 200, "Sleep"))
                        .isInstanceOf(DBusTimeoutException.class);
                assertThat(r.call(service.address(), "Announce", "still fine")).isEqualTo("still fine");
            }
        }
    }

    @Test
    void closingWakesACallerThatIsReading() throws Exception {
        try (var service = new Announcer()) {
            var r = Routed.open();
            var engine = r.engine();
            var outcome = new AtomicReference<Throwable>();
            var started = new CountDownLatch(1);
            Thread caller = Thread.ofPlatform().start(() -> {
                started.countDown();
                try {
                    Engines.await(engine, engine.call(Messages.newMethodCall(service.address(), "Sleep", "u", 30_000L)),
                            MINUTE, "Sleep");
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            started.await();
            Thread.sleep(300);
            long t0 = System.nanoTime();
            engine.close();
            caller.join(5_000);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(outcome.get()).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("router closed");
        }
    }

    @Test
    void thePeerGoingAwayWakesACallerThatIsReading() throws Exception {
        var ownBus = new DBusDaemonExtension();
        ownBus.start();
        try {
            Engines.Opened opened = Engines.open(ownBus.unixPathAddress(), ConnectionOptions.defaults(), null);
            RouterEngine engine = opened.engine();
            var lost = new CountDownLatch(1);
            engine.onClose(e -> lost.countDown());
            var outcome = new AtomicReference<Throwable>();
            var started = new CountDownLatch(1);
            // A call to ourselves: the engine's fallback answers UnknownMethod, but only once it
            // reads the call, and the bus goes away first. A call nobody answers at all: to a
            // second connection that never reads.
            var silent = BlockingConnection.open(ownBus.unixPathAddress());
            Message call = Messages.newMethodCall(new DBusAddress("/x", silent.uniqueName(), "org.example.Nobody"),
                    "Wait", "");
            Thread caller = Thread.ofPlatform().start(() -> {
                started.countDown();
                try {
                    Engines.await(engine, engine.call(call), MINUTE, "Wait");
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            started.await();
            Thread.sleep(300);
            ownBus.stop();
            caller.join(10_000);
            assertThat(outcome.get()).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("connection lost");
            assertThat(lost.await(5, TimeUnit.SECONDS)).isTrue();
            engine.close();
            silent.close();
        } finally {
            ownBus.stop();
        }
    }
}
