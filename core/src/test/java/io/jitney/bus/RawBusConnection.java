package io.jitney.bus;

import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageType;
import io.jitney.testing.DBusDaemonExtension;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The smallest bus connection that lets tests send generated messages to a real dbus-daemon:
 * a non-blocking {@link SocketChannel} to a unix path, SASL EXTERNAL by hand, messages written
 * with {@link Message#serialize(int)} and read with {@link MessageParser}. Single-threaded, no
 * fds. Test-local: the real connection lives elsewhere.
 */
public final class RawBusConnection implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SocketChannel channel;
    private final Selector selector;
    private final MessageParser parser = new MessageParser();
    private final List<Message> pending = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private int serial;
    private String uniqueName;
    private String guid;

    private RawBusConnection(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** The uid as the kernel will report it to the bus. */
    public static long uid() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    }

    /** A new connection to the bus's {@code unix:path=} socket that has authenticated and said Hello. */
    public static RawBusConnection connect(DBusDaemonExtension bus) throws IOException {
        return open(bus.unixSocket(), true);
    }

    /** Connects and authenticates with EXTERNAL; does not say Hello. */
    public static RawBusConnection open(Path socket) throws IOException {
        return open(socket, false);
    }

    private static RawBusConnection open(Path socket, boolean hello) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        ch.configureBlocking(false);
        Selector sel = Selector.open();
        ch.register(sel, SelectionKey.OP_READ);
        var c = new RawBusConnection(ch, sel);
        try {
            c.authenticate();
            if (hello) {
                c.hello();
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void authenticate() throws IOException {
        String hexUid = HexFormat.of().formatHex(Long.toString(uid()).getBytes(StandardCharsets.US_ASCII));
        writeFully(("\0AUTH EXTERNAL " + hexUid + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String line = readLine();
        if (!line.startsWith("OK ")) {
            throw new IOException("authentication refused: " + line);
        }
        guid = line.substring(3);
        writeFully("BEGIN\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private String readLine() throws IOException {
        var sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!sb.toString().endsWith("\r\n")) {
            one.clear();
            int n = channel.read(one);
            if (n < 0) {
                throw new IOException("closed during authentication after: " + sb);
            }
            if (n == 0) {
                waitReadable(deadline);
                continue;
            }
            sb.append((char) one.get(0));
            if (sb.length() > 512) {
                throw new IOException("authentication line too long: " + sb);
            }
        }
        return sb.substring(0, sb.length() - 2);
    }

    /** Sends Hello and records the unique name. */
    public String hello() throws IOException {
        uniqueName = Replies.string(call(new MessageBus().hello()));
        return uniqueName;
    }

    public String uniqueName() {
        return uniqueName;
    }

    public String guid() {
        return guid;
    }

    /** Sends a message; returns the serial it was given. */
    public int send(Message m) throws IOException {
        int s = ++serial;
        writeFully(m.serialize(s));
        return s;
    }

    /** Sends a call and waits for its reply (method return or error). */
    public Message call(Message m) throws IOException {
        int s = send(m);
        Message reply = waitFor(r -> r.isReplyTo(s), TIMEOUT);
        if (reply == null) {
            throw new IOException("no reply to " + m + " within " + TIMEOUT);
        }
        return reply;
    }

    /**
     * The first received message (kept ones first) that satisfies {@code p}, removed from what
     * is kept; others are kept for later. Null after {@code timeout}.
     */
    public Message waitFor(Predicate<Message> p, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (Iterator<Message> it = pending.listIterator(checked); it.hasNext(); ) {
                Message m = it.next();
                if (p.test(m)) {
                    it.remove();
                    return m;
                }
                checked++;
            }
            if (!readSome(deadline)) {
                return null;
            }
        }
    }

    /** Every message received so far and not yet taken, then forgets them. */
    public List<Message> drain() {
        var out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    private boolean readSome(long deadline) throws IOException {
        while (true) {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                throw new IOException("the bus closed the connection");
            }
            if (n > 0) {
                readBuffer.flip();
                parser.feed(readBuffer);
                Message m;
                while ((m = parser.next()) != null) {
                    pending.add(m);
                }
                return true;
            }
            if (!waitReadable(deadline)) {
                return false;
            }
        }
    }

    private boolean waitReadable(long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
        return true;
    }

    private void writeFully(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("write timed out");
                }
                Thread.onSpinWait();
            }
        }
    }

    /** True if {@code m} is an error reply with this name. */
    public static boolean isError(Message m, String errorName) {
        return m.type() == MessageType.ERROR && errorName.equals(m.errorName());
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
            parser.close();
        }
    }
}
