package io.jitney.conformance;

import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of a D-Bus peer to make a real client tool send a message and exit: a Unix
 * socket server that speaks the server side of SASL EXTERNAL (and {@code NEGOTIATE_UNIX_FD}),
 * then records every message the client writes, byte for byte, framing them by their fixed
 * header only, so the recording does not depend on the parser under test.
 *
 * <p>Replies, so the tool finishes: {@code Hello} gets a unique name, {@code Introspect} an
 * {@code UnknownMethod} error (gdbus then marshals its arguments from their text alone), any
 * other call an empty {@code METHOD_RETURN}. One connection; closed by {@link #close()}.
 */
final class FakePeerServer implements AutoCloseable {
    static final String GUID = "0123456789abcdef0123456789abcdef";
    static final String UNIQUE_NAME = ":1.42";

    private final Path socket;
    private final ServerSocketChannel server;
    private final boolean agreeUnixFd;
    private final List<String> clientLines = new CopyOnWriteArrayList<>();
    private final List<byte[]> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile SocketChannel client;
    private int serial;

    private FakePeerServer(Path socket, boolean agreeUnixFd) throws IOException {
        this.socket = socket;
        this.agreeUnixFd = agreeUnixFd;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().name("fake-peer-" + socket.getFileName()).start(this::serve);
    }

    /** Listens on {@code dir/peer.sock}; answers {@code NEGOTIATE_UNIX_FD} with AGREE or ERROR. */
    static FakePeerServer start(Path dir, boolean agreeUnixFd) throws IOException {
        return new FakePeerServer(dir.resolve("peer.sock"), agreeUnixFd);
    }

    /** The D-Bus address of this server. */
    String address() {
        return "unix:path=" + socket;
    }

    /** The SASL lines the client sent (without CR LF). */
    List<String> clientLines() {
        return List.copyOf(clientLines);
    }

    /** The raw messages the client sent, in order. */
    List<byte[]> messages() {
        return List.copyOf(messages);
    }

    /** Waits until the client has hung up; rethrows what went wrong on the server side. */
    void awaitClientGone(Duration timeout) throws Exception {
        finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
        }
    }

    private void serve() {
        try (SocketChannel c = server.accept()) {
            client = c;
            var in = new Input(c);
            if (in.readByte() != 0) {
                throw new IOException("client did not start with a NUL byte");
            }
            while (true) {
                String line = in.readLine();
                clientLines.add(line);
                if (line.equals("BEGIN")) {
                    break;
                }
                send(c, saslReply(line));
            }
            byte[] message;
            while ((message = in.readMessage()) != null) {
                messages.add(message);
                byte[] reply = reply(message);
                if (reply != null) {
                    c.write(ByteBuffer.wrap(reply));
                }
            }
            finished.complete(null);
        } catch (Throwable t) {
            finished.completeExceptionally(t);
        }
    }

    private String saslReply(String line) {
        String[] words = line.split(" ");
        return switch (words[0]) {
            case "AUTH" -> words.length >= 2 && words[1].equals("EXTERNAL")
                    ? (words.length == 3 ? "OK " + GUID : "DATA")
                    : "REJECTED EXTERNAL";
            case "DATA" -> "OK " + GUID;
            case "NEGOTIATE_UNIX_FD" -> agreeUnixFd ? "AGREE_UNIX_FD" : "ERROR \"fd passing not offered\"";
            case "CANCEL", "ERROR" -> "REJECTED EXTERNAL";
            default -> "ERROR \"unknown command\"";
        };
    }

    private static void send(SocketChannel c, String line) throws IOException {
        c.write(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] reply(byte[] raw) {
        Message call;
        try (var parser = new MessageParser()) {
            parser.feed(raw);
            call = parser.next();
        } catch (RuntimeException e) {
            // Unparsable by Jitney: the test will say so; answer so that the tool still exits.
            return unparsableError(raw);
        }
        if (call == null || call.type() != MessageType.METHOD_CALL || call.hasFlag(MessageFlag.NO_REPLY_EXPECTED)) {
            return null;
        }
        Message reply;
        if ("Hello".equals(call.member()) && "org.freedesktop.DBus".equals(call.interfaceName())) {
            reply = Messages.newMethodReturn(call, "s", UNIQUE_NAME);
        } else if ("Introspect".equals(call.member())) {
            reply = Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", "no introspection here");
        } else {
            reply = Messages.newMethodReturn(call, "");
        }
        return reply.serialize(++serial);
    }

    private byte[] unparsableError(byte[] raw) {
        ByteBuffer header = ByteBuffer.wrap(raw).order(raw[0] == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int callSerial = header.getInt(8);
        return Message.builder(MessageType.ERROR)
                .errorName("org.example.Error.Unparsable")
                .replySerial(callSerial)
                .body("s", "Jitney could not parse this message")
                .build()
                .serialize(++serial);
    }

    /** Buffered reads from the client: bytes, CR LF lines, then whole messages. */
    private static final class Input {
        private final SocketChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

        Input(SocketChannel channel) {
            this.channel = channel;
            buf.flip();
        }

        /** Reads more; false at end of stream. */
        private boolean fill() throws IOException {
            buf.compact();
            try {
                return channel.read(buf) >= 0;
            } finally {
                buf.flip();
            }
        }

        int readByte() throws IOException {
            while (!buf.hasRemaining()) {
                if (!fill()) {
                    throw new IOException("client hung up during authentication");
                }
            }
            return buf.get() & 0xff;
        }

        String readLine() throws IOException {
            var line = new ByteArrayOutputStream();
            while (true) {
                int b = readByte();
                if (b == '\r') {
                    if (readByte() != '\n') {
                        throw new IOException("CR not followed by LF in " + line);
                    }
                    return line.toString(StandardCharsets.US_ASCII);
                }
                if (line.size() > 16 * 1024) {
                    throw new IOException("SASL line too long");
                }
                line.write(b);
            }
        }

        /** One message framed by its fixed header, or null at a clean end of stream. */
        byte[] readMessage() throws IOException {
            while (buf.remaining() < 16) {
                if (!fill()) {
                    if (buf.hasRemaining()) {
                        throw new IOException("client hung up inside a message header");
                    }
                    return null;
                }
            }
            int p = buf.position();
            ByteOrder order = buf.get(p) == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer header = buf.duplicate().order(order);
            long bodyLength = Integer.toUnsignedLong(header.getInt(p + 4));
            long fieldsLength = Integer.toUnsignedLong(header.getInt(p + 12));
            long total = ((16 + fieldsLength + 7) & ~7L) + bodyLength;
            if (total > buf.capacity()) {
                throw new IOException("message of " + total + " bytes is more than this fake peer handles");
            }
            while (buf.remaining() < total) {
                if (!fill()) {
                    throw new IOException("client hung up inside a message");
                }
            }
            byte[] message = new byte[(int) total];
            buf.get(message);
            return message;
        }
    }

    @Override
    public String toString() {
        return "FakePeerServer[" + socket + ", lines=" + clientLines + ", messages=" + messages.size() + "]";
    }

    /** The messages as hex, for assertion messages. */
    List<String> messagesHex() {
        var out = new ArrayList<String>();
        for (byte[] m : messages) {
            out.add(HexFormat.of().formatHex(m));
        }
        return out;
    }
}
