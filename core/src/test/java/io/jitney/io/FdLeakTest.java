package io.jitney.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.io.async.AsyncConnection;
import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.FakePeer;
import io.jitney.testing.Fds;
import io.jitney.wire.UnixFd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No descriptor outlives the messages nobody takes. A fake peer floods each integration with
 * messages carrying descriptors — dropped by full filter queues and publisher buffers, unrouted
 * signals and calls, late replies, malformed messages, messages with more descriptors than they
 * declare, and messages still queued when the connection closes — and the process's count of open
 * descriptors ({@code /proc/self/fd}) must come back to where it started, with every descriptor
 * closed explicitly: the {@link UnixFd} safety net must not have closed a single one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FdLeakTest {
    static final Duration T = Duration.ofSeconds(10);
    static final ConnectionOptions P2P_FDS = ConnectionOptions.defaults().withUnixFds(true).withHello(false);
    static final String IFACE = "io.jitney.Flood";

    /** Messages sent, and descriptors the receiving side got with them, over the whole test. */
    private long messages;
    private long descriptors;

    static byte[] signal(String member) {
        return Message.builder(MessageType.SIGNAL).path("/io/jitney/Flood").interfaceName(IFACE).member(member)
                .body("h", 0).build().serialize(1);
    }

    static byte[] marker() {
        return Message.builder(MessageType.SIGNAL).path("/io/jitney/Flood").interfaceName(IFACE).member("Marker")
                .build().serialize(1);
    }

    static MatchRule member(String member) {
        return MatchRule.builder().type(MessageType.SIGNAL).interfaceName(IFACE).member(member).build();
    }

    private void flood(FakePeer peer, byte[] bytes, int count, int... fds) throws Exception {
        for (int i = 0; i < count; i++) {
            peer.write(bytes, fds);
        }
        messages += count;
        descriptors += (long) count * fds.length;
    }

    @Test
    void tenThousandMessagesWithDescriptorsLeaveNoneOpen() throws Exception {
        try (var pipe = UnixFd.pipe()) {
            int fd = pipe.readEnd().fd();
            run(fd, 10); // warm up: load every class the real run will use
            messages = descriptors = 0;
            Fds.settleCleaner();
            long cleanerBefore = UnixFd.cleanerCloses();
            int before = Fds.awaitStable(Duration.ofMillis(300), T);
            long start = System.nanoTime();

            run(fd, 1);

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int after = Fds.awaitAtMost(before, T);
            assertThat(after).as("open descriptors after %d messages carrying %d descriptors (%d ms); open now: %s",
                    messages, descriptors, millis, Fds.describeOpen()).isEqualTo(before);
            assertThat(UnixFd.cleanerCloses()).as("descriptors the safety net had to close").isEqualTo(cleanerBefore);
            assertThat(messages).isGreaterThanOrEqualTo(10_000);
            System.out.printf("FdLeakTest: %d messages carrying %d descriptors in %d ms; open descriptors %d before, %d after%n",
                    messages, descriptors, millis, before, after);
            // Even after a GC the safety net finds nothing: everything was closed explicitly.
            assertThat(Fds.settleCleaner()).isEqualTo(cleanerBefore);
            assertThat(Fds.openCount()).isEqualTo(before);
        }
    }

    /** Every scenario; {@code divisor} shrinks the counts for the warm-up. */
    private void run(int fd, int divisor) throws Exception {
        threadedRouter(fd, divisor);
        asyncRouter(fd, divisor);
        blocking(fd, divisor);
        threadedConnection(fd, divisor);
        asyncConnection(fd, divisor);
    }

    private void threadedRouter(int fd, int d) throws Exception {
        try (var peer = FakePeer.start(true); var router = ThreadedRouter.open(peer.address(), P2P_FDS)) {
            peer.awaitAuthenticated();
            peer.discardIncoming(); // the UnknownMethod errors the router answers calls with
            var markers = router.filter(member("Marker"), 10);
            var full = router.filter(member("Full"), 4);
            var twiceA = router.filter(member("Twice"), 2);
            var twiceB = router.filter(MatchRule.builder().interfaceName(IFACE).member("Twice").build(), 2);

            flood(peer, signal("Full"), 2000 / d, fd); // FilterQueue evictions
            flood(peer, signal("Twice"), 1000 / d, fd); // two filters: a copy each, both evicting
            flood(peer, signal("Nobody"), 1000 / d, fd); // unrouted signals
            byte[] call = Message.builder(MessageType.METHOD_CALL).path("/io/jitney/Flood").interfaceName(IFACE)
                    .member("Unknown").sender(":1.99").body("h", 0).build().serialize(1);
            flood(peer, call, 1000 / d, fd); // unrouted calls: UnknownMethod reply, fds closed
            byte[] late = Message.builder(MessageType.METHOD_RETURN).replySerial(77_777).body("h", 0).build().serialize(1);
            flood(peer, late, 1000 / d, fd); // replies nobody waits for
            byte[] lateError = Message.builder(MessageType.ERROR).replySerial(77_778).errorName("org.example.Late")
                    .body("h", 0).build().serialize(1);
            flood(peer, lateError, 500 / d, fd);
            byte[] malformed = signal("Full");
            ByteBuffer.wrap(malformed).order(ByteOrder.LITTLE_ENDIAN).putInt(malformed.length - 4, 9); // index 9 of 1
            flood(peer, malformed, 1000 / d, fd);
            flood(peer, signal("Nobody"), 1000 / d, fd, fd, fd); // declares 1, carries 3
            peer.write(marker());
            assertThat(markers.receive(T).member()).isEqualTo("Marker");

            assertThat(full.dropped()).isEqualTo(2000 / d - 4);
            assertThat(twiceA.dropped()).isEqualTo(1000 / d - 2);
            assertThat(twiceB.dropped()).isEqualTo(1000 / d - 2);
            assertThat(router.unroutedMessages()).isEqualTo(3000 / d);
            assertThat(router.lateReplies()).isEqualTo(1500 / d);
            // 4 + 2 + 2 messages still queued: closing the router (and its filters) closes them
        }
    }

    private void asyncRouter(int fd, int d) throws Exception {
        try (var peer = FakePeer.start(true);
                var router = AsyncRouter.open(peer.address(), P2P_FDS).get(10, TimeUnit.SECONDS)) {
            peer.awaitAuthenticated();
            var marker = new CompletableFuture<Void>();
            router.filter(member("Marker"), 1).subscribe(new Subscriber(Long.MAX_VALUE, marker));
            var slowReady = new CompletableFuture<Void>();
            var slow = router.filter(member("Slow"), 4);
            slow.subscribe(new Subscriber(0, slowReady)); // requests nothing: its buffer overflows
            slowReady.get(10, TimeUnit.SECONDS);
            flood(peer, signal("Slow"), 1000 / d, fd);
            flood(peer, signal("Nobody"), 500 / d, fd);
            peer.write(marker());
            marker.get(10, TimeUnit.SECONDS);
            assertThat(slow.dropped()).isEqualTo(1000 / d - 4);
        }
    }

    private void blocking(int fd, int d) throws Exception {
        try (var peer = FakePeer.start(true);
                var conn = BlockingConnection.open(peer.address(), P2P_FDS.withKeepLimit(10))) {
            peer.awaitAuthenticated();
            var filter = conn.filter(member("Filtered"), 3);
            var flooding = Thread.ofVirtual().start(() -> {
                try {
                    Message call = peer.receive(T);
                    flood(peer, signal("Filtered"), 500 / d, fd); // filter queue of 3
                    flood(peer, signal("Kept"), 500 / d, fd); // kept for receive(): 10 at most
                    byte[] reply = Message.builder(MessageType.METHOD_RETURN).replySerial(call.serial())
                            .body("h", 0).build().serialize(2);
                    flood(peer, reply, 1, fd);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            Message reply = conn.sendAndGetReply(Messages.newMethodCall(new DBusAddress("/p", null, IFACE), "Call", ""), T);
            flooding.join();
            reply.closeUnixFds();
            assertThat(filter.dropped()).isEqualTo(500 / d - 3);
            assertThat(conn.droppedMessages()).isEqualTo(500 / d - 10);
            // 3 filtered and 10 kept, never taken: closing the connection closes them
        }
    }

    private void threadedConnection(int fd, int d) throws Exception {
        try (var peer = FakePeer.start(true); var conn = ThreadedConnection.open(peer.address(), P2P_FDS)) {
            peer.awaitAuthenticated();
            flood(peer, signal("Queued"), 1000 / d, fd);
            long deadline = System.nanoTime() + T.toNanos();
            while (conn.pending() < 1000 / d && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(conn.pending()).isEqualTo(1000 / d);
            // never received: closing closes them
        }
    }

    private void asyncConnection(int fd, int d) throws Exception {
        try (var peer = FakePeer.start(true);
                var conn = AsyncConnection.open(peer.address(), P2P_FDS).get(10, TimeUnit.SECONDS)) {
            peer.awaitAuthenticated();
            flood(peer, signal("Queued"), 500 / d, fd);
            long deadline = System.nanoTime() + T.toNanos();
            while (conn.pending() < 500 / d && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(conn.pending()).isEqualTo(500 / d);
            // received once, then left in the inbox
            conn.receive().get(10, TimeUnit.SECONDS).closeUnixFds();
        }
    }

    /** Requests {@code demand} up front, completes {@code ready} on subscribe (or on the first item, for markers). */
    private static final class Subscriber implements Flow.Subscriber<Message> {
        private final long demand;
        private final CompletableFuture<Void> signal;

        Subscriber(long demand, CompletableFuture<Void> signal) {
            this.demand = demand;
            this.signal = signal;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            if (demand > 0) {
                s.request(demand);
            } else {
                signal.complete(null);
            }
        }

        @Override
        public void onNext(Message m) {
            m.closeUnixFds();
            signal.complete(null);
        }

        @Override
        public void onError(Throwable e) {
            signal.completeExceptionally(e);
        }

        @Override
        public void onComplete() {
        }
    }
}
