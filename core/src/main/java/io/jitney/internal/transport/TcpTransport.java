package io.jitney.internal.transport;

import io.jitney.address.ConnectableAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * {@code tcp:} and {@code nonce-tcp:} over a {@link SocketChannel} ({@code TCP_NODELAY} on).
 *
 * <p>The channel is non-blocking; each direction waits on its own {@link Selector}, so a read can
 * time out without a thread per read and a writer never waits on the reader's selector.
 * {@link #close()} wakes both. No descriptor passing.
 */
public final class TcpTransport implements Transport {
    /** Length of the nonce a {@code nonce-tcp:} client sends first. */
    public static final int NONCE_LENGTH = 16;

    private final SocketChannel channel;
    private final Selector readSelector;
    private final Selector writeSelector;
    private final String description;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    private TcpTransport(SocketChannel channel, String description) throws IOException {
        this.channel = channel;
        this.description = description;
        channel.configureBlocking(false);
        this.readSelector = Selector.open();
        this.writeSelector = Selector.open();
        channel.register(readSelector, SelectionKey.OP_READ);
        channel.register(writeSelector, SelectionKey.OP_WRITE);
    }

    /** Connects to a {@code tcp:} address. */
    public static TcpTransport connect(ConnectableAddress.Tcp a) throws IOException {
        return connect(a.host(), a.port(), a.family(), null, a.address().format());
    }

    /** Connects to a {@code nonce-tcp:} address and sends the nonce from its file. */
    public static TcpTransport connect(ConnectableAddress.NonceTcp a) throws IOException {
        return connect(a.host(), a.port(), a.family(), readNonce(a.noncefile()), a.address().format());
    }

    /** The nonce in {@code file}: exactly {@value #NONCE_LENGTH} bytes. */
    static byte[] readNonce(Path file) throws IOException {
        byte[] nonce = Files.readAllBytes(file);
        if (nonce.length != NONCE_LENGTH) {
            throw new IOException("nonce file " + file + " holds " + nonce.length + " bytes, not "
                    + NONCE_LENGTH);
        }
        return nonce;
    }

    /**
     * Resolves {@code host} (keeping only the addresses of {@code family}), connects to each in turn
     * until one accepts, sends {@code preamble} if not {@code null}.
     */
    public static TcpTransport connect(String host, int port, ConnectableAddress.Family family,
            byte[] preamble, String description) throws IOException {
        List<InetAddress> candidates = new ArrayList<>();
        for (InetAddress ia : InetAddress.getAllByName(host)) {
            if (family == ConnectableAddress.Family.UNSPECIFIED
                    || (family == ConnectableAddress.Family.IPV4 && ia instanceof Inet4Address)
                    || (family == ConnectableAddress.Family.IPV6 && ia instanceof Inet6Address)) {
                candidates.add(ia);
            }
        }
        if (candidates.isEmpty()) {
            throw new IOException(host + " has no " + family.name().toLowerCase(java.util.Locale.ROOT)
                    + " address");
        }
        IOException failure = null;
        for (InetAddress ia : candidates) {
            ProtocolFamily pf = ia instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            SocketChannel ch = SocketChannel.open(pf);
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(new InetSocketAddress(ia, port));
                if (preamble != null) {
                    ByteBuffer b = ByteBuffer.wrap(preamble);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                return new TcpTransport(ch, description);
            } catch (IOException e) {
                ch.close();
                var wrapped = new IOException("connect(" + ia.getHostAddress() + " port " + port + ") failed: "
                        + e.getMessage(), e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        throw failure;
    }

    @Override
    public void write(ByteBuffer[] buffers, int[] fds) throws IOException {
        Objects.requireNonNull(buffers, "buffers");
        if (fds.length > 0) {
            throw new IllegalArgumentException(description + " cannot pass file descriptors");
        }
        writeLock.lock();
        try {
            ensureOpen();
            int first = 0;
            while (true) {
                while (first < buffers.length && !buffers[first].hasRemaining()) {
                    first++;
                }
                if (first == buffers.length) {
                    return;
                }
                long n = channel.write(buffers, first, buffers.length - first);
                if (n == 0) {
                    select(writeSelector, -1, "write");
                }
            }
        } catch (ClosedChannelException e) {
            throw closed(e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int read(ByteBuffer dst, long timeoutMillis, IntConsumer fdSink) throws IOException {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("no room in the buffer to read into");
        }
        readLock.lock();
        try {
            ensureOpen();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
            while (true) {
                int n = channel.read(dst);
                if (n != 0) {
                    return n;
                }
                long wait = timeoutMillis < 0 ? -1
                        : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime() + 999_999);
                if (timeoutMillis >= 0 && wait <= 0) {
                    return 0;
                }
                select(readSelector, wait, "read");
            }
        } catch (ClosedChannelException e) {
            throw closed(e);
        } finally {
            readLock.unlock();
        }
    }

    /** Waits on a selector: {@code millis < 0} forever. */
    private void select(Selector selector, long millis, String op) throws IOException {
        try {
            if (millis < 0) {
                selector.select();
            } else {
                selector.select(Math.max(1, millis));
            }
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw closed(new ClosedChannelException());
        }
        if (closed.get()) {
            throw closed(new ClosedChannelException());
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed.get()) {
            throw new ClosedChannelException();
        }
    }

    /** A closed channel during an operation is an asynchronous close when we closed it. */
    private IOException closed(ClosedChannelException e) {
        if (e instanceof AsynchronousCloseException) {
            return e;
        }
        if (closed.get()) {
            var async = new AsynchronousCloseException();
            async.initCause(new IOException(description + " was closed"));
            return async;
        }
        return e;
    }

    @Override
    public boolean canPassFds() {
        return false;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        readSelector.wakeup();
        writeSelector.wakeup();
        try {
            channel.close();
        } finally {
            readSelector.close();
            writeSelector.close();
        }
    }

    @Override
    public String toString() {
        return "TcpTransport[" + description + "]";
    }
}
