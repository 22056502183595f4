package io.jitney.io.async;

import static io.jitney.io.async.AsyncRouterTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.DBusTimeoutException;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.testing.DBusDaemonExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The async router's reply path: deadlines kept by the engine's sweeper, calls written on the
 * caller's thread (whole, or started there and finished by the writer thread), and a thread that
 * waits on a reply future reading the reply itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncReplyPathTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @Test
    void everyCallTimesOutAtItsOwnDeadlineWhateverTheOrderTheyWereMadeIn() throws Exception {
        try (var service = AsyncRouterTest.startService(bus.unixPathAddress()); var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            var longOne = router.sendAndGetReply(Messages.newMethodCall(target, "Ignore", ""), Duration.ofSeconds(30));
            // Made later with an earlier deadline: the sweeper, asleep until the later one, must wake.
            var random = new Random(7);
            var timeouts = new ArrayList<Long>();
            var made = new ArrayList<Long>();
            var failedAt = new ConcurrentHashMap<Integer, Long>();
            var calls = new ArrayList<CompletableFuture<Message>>();
            for (int i = 0; i < 60; i++) {
                long millis = 100 + random.nextInt(400);
                int n = i;
                timeouts.add(millis);
                made.add(System.nanoTime());
                var f = router.sendAndGetReply(Messages.newMethodCall(target, "Ignore", ""), Duration.ofMillis(millis));
                f.whenComplete((r, e) -> failedAt.put(n, System.nanoTime()));
                calls.add(f);
            }
            for (int i = 0; i < calls.size(); i++) {
                int n = i;
                assertThatThrownBy(() -> get(calls.get(n))).cause().isInstanceOf(DBusTimeoutException.class)
                        .hasMessageContaining("Ignore");
                AsyncRouterTest.waitFor(() -> failedAt.containsKey(n));
                long waited = TimeUnit.NANOSECONDS.toMillis(failedAt.get(i) - made.get(i));
                assertThat(waited).as("call %d, timeout %d ms", i, timeouts.get(i)).isGreaterThanOrEqualTo(timeouts.get(i));
            }
            assertThat(longOne).isNotDone();
            longOne.cancel(false);
        }
    }

    @Test
    void aMessageLargerThanTheSocketBufferIsStartedByTheCallerAndFinishedByTheWriterThread() throws Exception {
        try (var service = AsyncRouterTest.startService(bus.unixPathAddress()); var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            byte[] big = new byte[20 << 20]; // more than the 8 MiB send buffer the transport asks for
            new Random(3).nextBytes(big);
            var replies = new ArrayList<CompletableFuture<Message>>();
            for (int i = 0; i < 3; i++) {
                replies.add(router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "ayi", big, i)));
                // A small call right behind a big one goes out after it, whole.
                replies.add(router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "i", 100 + i)));
            }
            for (int i = 0; i < 3; i++) {
                List<Object> bigReply = replies.get(2 * i).get(30, TimeUnit.SECONDS).body();
                assertThat(Arrays.equals((byte[]) bigReply.get(0), big)).isTrue();
                assertThat(bigReply.get(1)).isEqualTo(i);
                assertThat(get(replies.get(2 * i + 1)).body()).containsExactly(100 + i);
            }
            // Signals and other sends take the same path.
            assertThat(get(router.send(Messages.newMethodCall(target, "Echo", "ay", big)))).isPositive();
        }
    }

    @Test
    void callsFromManyThreadsAtOnceAllGoOutWhetherWrittenInlineQueuedOrByTheWriterThread() throws Exception {
        try (var service = AsyncRouterTest.startService(bus.unixPathAddress());
                var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            int threads = 8;
            int each = 1000;
            var futures = new java.util.concurrent.ConcurrentLinkedQueue<java.util.Map.Entry<String, CompletableFuture<Message>>>();
            var senders = new ArrayList<Thread>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add((t % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual()).start(() -> {
                    for (int i = 0; i < each; i++) {
                        String token = thread + ":" + i;
                        futures.add(java.util.Map.entry(token,
                                router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "s", token))));
                    }
                }));
            }
            for (Thread t : senders) {
                t.join();
            }
            assertThat(futures).hasSize(threads * each);
            for (var e : futures) {
                // A call left unwritten in the queue would time out here instead.
                assertThat(e.getValue().get(20, TimeUnit.SECONDS).body()).containsExactly(e.getKey());
            }
        }
    }

    @Test
    void aThreadWaitingOnTheFutureGetsTheReplyAndCallbacksNeverRunOnTheReader() throws Exception {
        try (var service = AsyncRouterTest.startService(bus.unixPathAddress()); var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            for (int i = 0; i < 50; i++) {
                var callbackThread = new AtomicReference<String>();
                var f = router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "i", i));
                var after = f.thenApply(m -> {
                    callbackThread.set(Thread.currentThread().getName());
                    return m.body().getFirst();
                });
                Message reply = i % 2 == 0 ? f.join() : f.get(10, TimeUnit.SECONDS);
                assertThat(reply.body()).containsExactly(i);
                assertThat(f).isCompletedWithValue(reply);
                assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(i);
                // The delivery thread, or the thread that waited and completed the future itself.
                assertThat(callbackThread.get()).doesNotStartWith("jitney-reader")
                        .matches(n -> n.startsWith("jitney-delivery-") || n.equals(Thread.currentThread().getName()));
            }
        }
    }

    @Test
    void waitingOnAFutureThatIsCancelledOrTimesOutEndsAsTheFutureDoes() throws Exception {
        try (var service = AsyncRouterTest.startService(bus.unixPathAddress()); var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            var ignored = router.sendAndGetReply(Messages.newMethodCall(target, "Ignore", ""));
            assertThatThrownBy(() -> ignored.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(ignored).isNotDone();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                ignored.cancel(false);
            });
            long t0 = System.nanoTime();
            assertThatThrownBy(ignored::join).isInstanceOf(CancellationException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

            var timesOut = router.sendAndGetReply(Messages.newMethodCall(target, "Ignore", ""), Duration.ofMillis(200));
            assertThatThrownBy(timesOut::join).cause().isInstanceOf(DBusTimeoutException.class);
            // The router still works, on the caller-reads path too.
            assertThat(router.sendAndGetReply(Messages.newMethodCall(target, "Echo", "s", "ok")).join().body())
                    .containsExactly("ok");
        }
    }
}
