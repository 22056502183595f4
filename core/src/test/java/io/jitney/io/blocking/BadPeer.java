package io.jitney.io.blocking;

import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.Messages;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A misbehaving D-Bus server for one client connection: a {@code java.nio} Unix socket server on
 * a temp path whose thread follows a {@link Script} — answer SASL or not, send garbage, go silent,
 * hang up in the middle of a message. The socket and the SASL lines are plain {@code java.nio},
 * not Jitney's transports; the few valid messages it sends are made with Jitney's codec.
 *
 * <p>{@link #close()} closes the listening socket and the client connection and waits for the
 * script's thread (which ends once its socket is closed).
 */
final class BadPeer implements AutoCloseable {
    static final String GUID = "0123456789abcdef0123456789abcdef";

    /** What the server does with the connection it accepts. */
    @FunctionalInterface
    interface Script {
        void run(Connection c) throws Exception;
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;
    private volatile SocketChannel client;

    private BadPeer(Path socket, Script script) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.thread = Thread.ofPlatform().daemon().name("bad-peer").start(() -> serve(script));
    }

    /** Listens on {@code dir/bad.sock} and runs {@code script} on the first connection. */
    static BadPeer start(Path dir, Script script) throws IOException {
        return new BadPeer(dir.resolve("bad.sock"), script);
    }

    String address() {
        return "unix:path=" + socket;
    }

    /** Waits for the script to end; rethrows what it threw. */
    void awaitScript(Duration timeout) throws Exception {
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void serve(Script script) {
        try (SocketChannel c = server.accept()) {
            client = c;
            script.run(new Connection(c));
            done.complete(null);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            SocketChannel c = client;
            if (c != null) {
                c.close();
            }
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The server's end of the connection: lines during SASL, whole messages after it. */
    static final class Connection {
        private final SocketChannel channel;
        private final DataInputStream in;
        private int serial;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        }

        /** Reads the NUL byte the client starts with. */
        void readNul() throws IOException {
            int b = in.read();
            if (b != 0) {
                throw new IOException("the client did not start with a NUL byte but " + b);
            }
        }

        /** One CR LF terminated line, without the CR LF. */
        String readLine() throws IOException {
            var line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new EOFException("client hung up during authentication after " + line);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        /** The server side of a normal SASL EXTERNAL exchange, up to the client's BEGIN. */
        void authenticate() throws IOException {
            readNul();
            String auth = readLine();
            if (!auth.startsWith("AUTH EXTERNAL")) {
                throw new IOException("expected AUTH EXTERNAL, got " + auth);
            }
            writeLine("OK " + GUID);
            String line;
            while (!(line = readLine()).equals("BEGIN")) {
                writeLine(line.equals("NEGOTIATE_UNIX_FD") ? "ERROR \"no fds here\"" : "ERROR \"unexpected\"");
            }
        }

        /** The next whole message from the client. */
        Message readMessage() throws IOException {
            byte[] fixed = new byte[16];
            in.readFully(fixed);
            ByteBuffer header = ByteBuffer.wrap(fixed).order(fixed[0] == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long bodyLength = Integer.toUnsignedLong(header.getInt(4));
            long fieldsLength = Integer.toUnsignedLong(header.getInt(12));
            long total = ((16 + fieldsLength + 7) & ~7L) + bodyLength;
            byte[] rest = new byte[(int) (total - 16)];
            in.readFully(rest);
            try (var parser = new MessageParser()) {
                parser.feed(fixed);
                parser.feed(rest);
                return parser.next();
            }
        }

        /** Authenticates, reads {@code Hello} and answers it with the unique name {@code :1.1}. */
        void authenticateAndAnswerHello() throws IOException {
            authenticate();
            Message hello = readMessage();
            if (!"Hello".equals(hello.member())) {
                throw new IOException("expected Hello, got " + hello);
            }
            write(serialize(Messages.newMethodReturn(hello, "s", ":1.1")));
        }

        /** The message's bytes with the next serial of this server. */
        byte[] serialize(Message m) {
            return m.serialize(++serial);
        }

        void writeLine(String line) throws IOException {
            write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        void write(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        /** Blocks until the client hangs up (or the peer is closed), discarding what it sends. */
        void awaitHangUp() throws IOException {
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (IOException closedUnderUs) {
                // the test closed the peer: also the end
            }
        }

        /** Closes the connection now. */
        void hangUp() throws IOException {
            channel.close();
        }
    }
}
