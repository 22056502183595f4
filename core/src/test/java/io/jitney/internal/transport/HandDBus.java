package io.jitney.internal.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jitney.internal.unix.LibC;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Test-local, by-hand D-Bus client steps over a {@link Transport}: the SASL lines and a
 * hand-marshalled {@code Hello}. Deliberately independent of Jitney's real SASL and marshalling
 * code, so that transport tests check the transport only.
 */
final class HandDBus {
    private static final long TIMEOUT = 20_000;

    private final Transport transport;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    HandDBus(Transport transport) {
        this.transport = transport;
    }

    private void send(String ascii) throws IOException {
        transport.write(new ByteBuffer[] {ByteBuffer.wrap(ascii.getBytes(US_ASCII))}, new int[0]);
    }

    /** Reads one {@code \r\n}-terminated line (without it). */
    String readLine() throws IOException {
        while (true) {
            byte[] have = pending.toByteArray();
            for (int i = 0; i + 1 < have.length; i++) {
                if (have[i] == '\r' && have[i + 1] == '\n') {
                    pending.reset();
                    pending.write(have, i + 2, have.length - i - 2);
                    return new String(have, 0, i, US_ASCII);
                }
            }
            fill();
        }
    }

    private void fill() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        int n = transport.read(buf, TIMEOUT, fd -> { });
        if (n < 0) {
            throw new IOException("end of stream from " + transport.describe());
        }
        if (n == 0) {
            throw new IOException("nothing from " + transport.describe() + " within " + TIMEOUT + " ms");
        }
        pending.write(buf.array(), 0, n);
    }

    /** {@code \0AUTH EXTERNAL <hex uid>}; returns the server's guid from {@code OK <guid>}. */
    String authExternal() throws IOException {
        String uid = HexFormat.of().formatHex(Integer.toString(LibC.getuid()).getBytes(US_ASCII));
        send("\0AUTH EXTERNAL " + uid + "\r\n");
        return expectOk();
    }

    /** {@code \0AUTH ANONYMOUS}; returns the guid. */
    String authAnonymous() throws IOException {
        send("\0AUTH ANONYMOUS\r\n");
        return expectOk();
    }

    private String expectOk() throws IOException {
        String line = readLine();
        if (!line.startsWith("OK ")) {
            throw new IOException("expected OK <guid>, got: " + line);
        }
        return line.substring(3);
    }

    /** Sends {@code NEGOTIATE_UNIX_FD} and returns the answer line. */
    String negotiateUnixFd() throws IOException {
        send("NEGOTIATE_UNIX_FD\r\n");
        return readLine();
    }

    void begin() throws IOException {
        send("BEGIN\r\n");
    }

    /** Sends the Hello method call as two buffers (header, empty body) through {@link Transport#write}. */
    void sendHello() throws IOException {
        transport.write(new ByteBuffer[] {helloHeader(1), ByteBuffer.allocate(0)}, new int[0]);
    }

    /**
     * The little-endian header of {@code org.freedesktop.DBus.Hello} with an empty body: fixed part
     * {@code yyyyuu}, then {@code a(yv)} with PATH, INTERFACE, MEMBER and DESTINATION, padded to 8.
     */
    static ByteBuffer helloHeader(int serial) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'l').put((byte) 1).put((byte) 0).put((byte) 1);
        b.putInt(0);          // body length
        b.putInt(serial);
        int arrayLengthAt = b.position();
        b.putInt(0);          // header fields array length, patched below
        int arrayStart = b.position(); // 16: already 8-aligned for the first struct
        field(b, 1, 'o', "/org/freedesktop/DBus");
        field(b, 2, 's', "org.freedesktop.DBus");
        field(b, 3, 's', "Hello");
        field(b, 6, 's', "org.freedesktop.DBus");
        b.putInt(arrayLengthAt, b.position() - arrayStart);
        align(b, 8);
        return b.flip();
    }

    private static void field(ByteBuffer b, int code, char type, String value) {
        align(b, 8);
        b.put((byte) code);
        b.put((byte) 1).put((byte) type).put((byte) 0); // variant signature
        align(b, 4);
        byte[] s = value.getBytes(UTF_8);
        b.putInt(s.length).put(s).put((byte) 0);
    }

    private static void align(ByteBuffer b, int n) {
        while (b.position() % n != 0) {
            b.put((byte) 0);
        }
    }

    /** Reads one whole message (little- or big-endian) as raw bytes. */
    byte[] readMessage() throws IOException {
        while (pending.size() < 16) {
            fill();
        }
        ByteBuffer fixed = ByteBuffer.wrap(pending.toByteArray(), 0, 16);
        fixed.order(fixed.get(0) == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int bodyLength = fixed.getInt(4);
        int fieldsLength = fixed.getInt(12);
        int total = 16 + ((fieldsLength + 7) & ~7) + bodyLength;
        while (pending.size() < total) {
            fill();
        }
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, total, all.length - total);
        byte[] msg = new byte[total];
        System.arraycopy(all, 0, msg, 0, total);
        return msg;
    }

    /** The whole by-hand client: auth, optional fd negotiation, BEGIN, Hello; returns the reply. */
    static byte[] hello(Transport t, boolean anonymous, boolean negotiateFds) throws IOException {
        var c = new HandDBus(t);
        if (anonymous) {
            c.authAnonymous();
        } else {
            c.authExternal();
        }
        if (negotiateFds) {
            String answer = c.negotiateUnixFd();
            if (!answer.equals("AGREE_UNIX_FD")) {
                throw new IOException("expected AGREE_UNIX_FD, got: " + answer);
            }
        }
        c.begin();
        c.sendHello();
        return c.readMessage();
    }
}
