package io.jitney.testing;

import io.jitney.auth.SaslServer;
import io.jitney.internal.transport.UnixListener;
import io.jitney.internal.transport.UnixSocketTransport;
import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageWriter;
import io.jitney.wire.UnixFd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A peer-to-peer D-Bus server for one client, for tests that need to control exactly what a
 * Jitney connection receives — hand-made bytes, extra or missing descriptors — or how it is
 * authenticated. It listens on a Unix socket in a temp directory, authenticates the client with
 * {@link SaslServer} (EXTERNAL; {@code NEGOTIATE_UNIX_FD} agreed or refused as asked), then reads
 * the client's messages in the background into a queue (with the descriptors they carry).
 *
 * <pre>{@code
 * try (var peer = FakePeer.start(true);
 *      var conn = BlockingConnection.open(peer.address(), options.withHello(false))) {
 *     peer.awaitAuthenticated();
 *     peer.write(bytes, fd);               // raw bytes with fds in one sendmsg
 *     Message m = peer.receive(timeout);   // what the client sent
 * }
 * }</pre>
 *
 * <p>Clients must use {@code withHello(false)}: there is no bus. Thread-safe.
 */
public final class FakePeer implements AutoCloseable {
    public static final String GUID = "00112233445566778899aabbccddeeff";

    private final Path dir;
    private final UnixListener listener;
    private final boolean agreeUnixFds;
    private final CompletableFuture<UnixSocketTransport> authenticated = new CompletableFuture<>();
    private final LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicInteger serials = new AtomicInteger();
    private final MessageWriter writer = new MessageWriter();
    private volatile boolean discard;
    private volatile List<String> transcript = List.of();

    private FakePeer(boolean agreeUnixFds) throws IOException {
        this.agreeUnixFds = agreeUnixFds;
        this.dir = Files.createTempDirectory(Path.of("/tmp"), "jitney-peer-");
        this.listener = UnixListener.bindPath(dir.resolve("peer.sock"));
        Thread.ofPlatform().daemon().name("fake-peer").start(this::serve);
    }

    /** Listens; {@code agreeUnixFds} decides the answer to {@code NEGOTIATE_UNIX_FD}. */
    public static FakePeer start(boolean agreeUnixFds) throws IOException {
        return new FakePeer(agreeUnixFds);
    }

    /** The address to connect to. */
    public String address() {
        return listener.address().format();
    }

    /** The SASL exchange as the server saw it, once it is over. */
    public List<String> transcript() {
        return transcript;
    }

    /** Waits for the client to finish authenticating ({@code BEGIN}). */
    public void awaitAuthenticated() throws Exception {
        authenticated.get(10, TimeUnit.SECONDS);
    }

    /** From now on, close what arrives instead of queueing it (for floods). */
    public void discardIncoming() {
        discard = true;
        Message m;
        while ((m = received.poll()) != null) {
            m.closeUnixFds();
        }
    }

    /** The next message the client sent, or {@code null} after {@code timeout}. */
    public Message receive(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Bytes received from the client after authentication. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Writes raw bytes; {@code fds} (still ours) go with the first byte, in one {@code sendmsg}. */
    public void write(byte[] bytes, int... fds) throws Exception {
        UnixSocketTransport t = authenticated.get(10, TimeUnit.SECONDS);
        t.write(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, fds);
    }

    /** Sends a message with the next serial and the descriptors its body refers to. */
    public synchronized int send(Message m) throws Exception {
        int serial = serials.incrementAndGet();
        ByteBuffer bytes = writer.write(m, serial);
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        write(copy, writer.fds());
        return serial;
    }

    /** The bytes of {@code m} with serial {@code serial}, to be altered before {@link #write}. */
    public static byte[] bytesOf(Message m, int serial) {
        return m.serialize(serial);
    }

    private void serve() {
        UnixSocketTransport t = null;
        try {
            t = listener.accept(10_000);
            if (t == null) {
                throw new IOException("no client connected within 10 s");
            }
            var sasl = SaslServer.builder(GUID).peerUid(t.peerCredentials().uid()).unixFdPassing(agreeUnixFds).build();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (!sasl.isDone()) {
                in.clear();
                int n = t.read(in, 10_000, io.jitney.internal.unix.LibC::closeQuietly);
                if (n <= 0) {
                    throw new IOException("client went away or was silent during authentication");
                }
                sasl.receive(in.flip());
                if (sasl.hasOutput()) {
                    t.write(new ByteBuffer[] {ByteBuffer.wrap(sasl.takeOutput())}, new int[0]);
                }
            }
            transcript = sasl.transcript();
            var parser = new MessageParser();
            parser.feed(sasl.takeUnusedBytes());
            authenticated.complete(t);
            readMessages(t, parser);
        } catch (Throwable e) {
            if (t != null) {
                transcript = List.of(e.toString());
            }
            authenticated.completeExceptionally(e);
        }
    }

    private void readMessages(UnixSocketTransport t, MessageParser parser) {
        try (parser) {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            var fds = new ArrayList<Integer>();
            while (true) {
                Message m;
                while ((m = nextOrNull(parser)) != null) {
                    if (discard) {
                        m.closeUnixFds();
                    } else {
                        received.add(m);
                    }
                }
                in.clear();
                fds.clear();
                int n = t.read(in, -1, fds::add);
                if (n < 0) {
                    return;
                }
                bytesReceived.addAndGet(n);
                parser.feed(in.flip());
                parser.feedFds(fds.stream().mapToInt(Integer::intValue).toArray());
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static Message nextOrNull(MessageParser parser) {
        try {
            return parser.next();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Closes the connection and the listener; messages not taken have their fds closed. */
    @Override
    public void close() throws IOException {
        listener.close();
        UnixSocketTransport t = authenticated.isDone() && !authenticated.isCompletedExceptionally()
                ? authenticated.join() : null;
        if (t != null) {
            t.close();
        }
        Message m;
        while ((m = received.poll()) != null) {
            m.closeUnixFds();
        }
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** A {@link UnixFd} list's raw numbers, for writing raw messages. */
    public static int[] raw(List<UnixFd> fds) {
        return fds.stream().mapToInt(UnixFd::fd).toArray();
    }
}
