package io.jitney.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.internal.wire.WireReader;
import io.jitney.internal.wire.WireWriter;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import io.jitney.testing.Processes;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Type;
import io.jitney.wire.Values;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes that real D-Bus implementations write, captured while the test runs (nothing of theirs
 * is checked in): dbus-send (libdbus) and gdbus (GDBus) talking to a {@link FakePeerServer},
 * Jeepney serialising messages in a Python child process, and dbus-monitor recording a private
 * dbus-daemon. For each captured message, Jitney must parse it to the expected values, and
 * serializing the same message (same header fields, flags, serial, byte order and body) must
 * give exactly the same bytes.
 *
 * <p>The one kind of difference found is the order of header fields, which the spec leaves
 * open. Jitney and Jeepney write them in ascending code order. GDBus wrote PATH, INTERFACE,
 * DESTINATION, SIGNATURE, MEMBER (Hello: PATH, INTERFACE, DESTINATION, MEMBER). libdbus writes
 * them in the order they were set: dbus-send's call came out ascending, but libdbus's Hello has
 * PATH, DESTINATION, INTERFACE, MEMBER, and dbus-daemon appends SENDER after the fields the
 * client wrote. Where the order differs the test asserts that the fixed header and the body are
 * byte-identical and that the tool's bytes with the header fields laid out again in ascending
 * order equal Jitney's exactly.
 */
class CapturedVectorsTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    private static final Signature HEADER_FIELDS = Signature.of("a(yv)");

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ dbus-send (libdbus)

    @Test
    void dbusSendMethodCallWithEveryBasicTypeAndContainers() throws Exception {
        Path dbusSend = Peers.assumeExecutable(Peer.DBUS_SEND);
        List<byte[]> captured;
        try (var server = FakePeerServer.start(tmp, true)) {
            // --peer: a one-to-one connection, so no Hello is sent first.
            var run = Processes.run(TOOL_TIMEOUT, List.of(dbusSend.toString(),
                    "--peer=" + server.address(), "--print-reply", "--reply-timeout=10000",
                    "--dest=org.example.Test", "--type=method_call", "/org/example/Obj", "org.example.Iface.Method",
                    "string:hello", "int32:-5", "uint32:7", "boolean:true", "double:1.5", "byte:255", "int16:-2",
                    "uint16:65535", "int64:-9", "uint64:18446744073709551615", "objpath:/a/b",
                    "array:string:x,y", "dict:string:int32:k,1", "variant:int32:3"));
            assertThat(run.exitCode()).as("%s", run).isZero();
            server.awaitClientGone(TOOL_TIMEOUT);
            assertExternalAuth(server.clientLines());
            captured = server.messages();
            assertThat(captured).as("messages dbus-send wrote: %s", server.messagesHex()).hasSize(1);
        }
        byte[] raw = captured.getFirst();
        Message expected = Message.builder(MessageType.METHOD_CALL)
                .path("/org/example/Obj")
                .interfaceName("org.example.Iface")
                .member("Method")
                .destination("org.example.Test")
                .body("siubdynqxtoasa{si}v", "hello", -5, 7L, true, 1.5, (byte) -1, (short) -2, 65535, -9L, -1L,
                        ObjectPath.of("/a/b"), List.of("x", "y"), Map.of("k", 1), Variant.of("i", 3))
                .build();
        Message parsed = parseEveryWay(raw);
        assertSameMessage(parsed, expected, ByteOrder.LITTLE_ENDIAN);
        assertThat(hex(expected.serialize(parsed.serial(), ByteOrder.LITTLE_ENDIAN)))
                .as("Jitney's bytes for what dbus-send wrote").isEqualTo(hex(raw));
    }

    // ------------------------------------------------------------------ gdbus (GDBus)

    @Test
    void gdbusCallWithEveryBasicTypeAndContainers() throws Exception {
        Path gdbus = Peers.assumeExecutable(Peer.GDBUS);
        List<byte[]> captured;
        // This peer refuses fd passing (ERROR to NEGOTIATE_UNIX_FD), which gdbus must accept.
        try (var server = FakePeerServer.start(tmp, false)) {
            // With --address gdbus treats the peer as a bus: it says Hello, then introspects
            // the object (our peer answers UnknownMethod), then calls the method with its
            // arguments typed by their GVariant text.
            var run = Processes.run(TOOL_TIMEOUT, List.of(gdbus.toString(), "call",
                    "--address", server.address(), "--timeout", "10",
                    "--dest", "org.example.Test", "--object-path", "/org/example/Obj",
                    "--method", "org.example.Iface.Method",
                    "'hello'", "int32 -5", "uint32 7", "true", "1.5", "byte 255", "int16 -2", "uint16 65535",
                    "int64 -9", "uint64 18446744073709551615", "objectpath '/a/b'", "['x', 'y']",
                    "{'k': <1>}", "<<int32 3>>", "signature 'a{sv}'", "(1, 'x', [byte 1, 2])", "@at []",
                    "@a(i) []"));
            assertThat(run.exitCode()).as("%s", run).isZero();
            server.awaitClientGone(TOOL_TIMEOUT);
            assertExternalAuth(server.clientLines());
            assertThat(server.clientLines()).contains("NEGOTIATE_UNIX_FD");
            captured = server.messages();
            assertThat(captured).as("messages gdbus wrote: %s", server.messagesHex()).hasSize(3);
        }
        Message hello = Message.builder(MessageType.METHOD_CALL)
                .path("/org/freedesktop/DBus")
                .interfaceName("org.freedesktop.DBus")
                .member("Hello")
                .destination("org.freedesktop.DBus")
                .build();
        Message introspect = Message.builder(MessageType.METHOD_CALL)
                .path("/org/example/Obj")
                .interfaceName("org.freedesktop.DBus.Introspectable")
                .member("Introspect")
                .destination("org.example.Test")
                .build();
        var dict = new LinkedHashMap<String, Object>();
        dict.put("k", Variant.of("i", 1));
        Message call = Message.builder(MessageType.METHOD_CALL)
                .path("/org/example/Obj")
                .interfaceName("org.example.Iface")
                .member("Method")
                .destination("org.example.Test")
                .body("siubdynqxtoasa{sv}vg(isay)ata(i)", "hello", -5, 7L, true, 1.5, (byte) -1, (short) -2, 65535,
                        -9L, -1L, ObjectPath.of("/a/b"), List.of("x", "y"), dict,
                        Variant.of("v", Variant.of("i", 3)), Signature.of("a{sv}"),
                        Struct.of(1, "x", new byte[] {1, 2}), List.of(), List.of())
                .build();
        List<Message> expected = List.of(hello, introspect, call);
        for (int i = 0; i < expected.size(); i++) {
            byte[] raw = captured.get(i);
            Message parsed = parseEveryWay(raw);
            assertSameMessage(parsed, expected.get(i), ByteOrder.LITTLE_ENDIAN);
            byte[] jitney = expected.get(i).serialize(parsed.serial(), ByteOrder.LITTLE_ENDIAN);
            assertSameUpToHeaderFieldOrder(raw, jitney, "gdbus message " + i + " (" + parsed.member() + ")");
        }
    }

    // ------------------------------------------------------------------ Jeepney

    /** Jeepney builds each message with its own factories and prints {@code name serial hex}. */
    private static final String JEEPNEY_SCRIPT = """
            from jeepney import DBusAddress, new_method_call, new_method_return, new_error, new_signal
            from jeepney.low_level import Endianness, MessageFlag, HeaderFields
            addr = DBusAddress('/org/example/Obj', bus_name='org.example.Test', interface='org.example.Iface')
            out = []
            def add(name, msg, serial, big=False):
                if big:
                    msg.header.endianness = Endianness.big
                out.append('%s %d %s' % (name, serial, msg.serialise(serial=serial).hex()))
            def basic():
                return new_method_call(addr, 'AllBasic', 'ybnqiuxtdsog', (
                    255, True, -32768, 65535, -2**31, 2**32 - 1, -2**63, 2**64 - 1, -0.5,
                    'h\\u00e9llo \\U0001F600', '/a/b_c', 'a{sv}(ii)'))
            def containers():
                return new_method_call(addr, 'Containers', 'ayata(ii)a{sv}a{ox}(yv)aasada{yb}', (
                    b'\\x00\\x01\\xff', [], [],
                    {'a': ('s', 'x'), 'b': ('ai', [1, 2]), 'c': ('(sd)', ('s', 2.5))},
                    {'/p': -1},
                    (7, ('v', ('v', ('u', 3)))),
                    [['a'], []],
                    [1.5, -0.0],
                    {1: True, 2: False}))
            add('basic-le', basic(), 5)
            add('basic-be', basic(), 6, big=True)
            add('containers-le', containers(), 7)
            add('containers-be', containers(), 8, big=True)
            add('signal', new_signal(DBusAddress('/org/example/Obj', interface='org.example.Iface'),
                                     'Changed', 'sa{ss}', ('x', {'k': 'v'})), 9)
            parent = new_method_call(addr, 'M')
            parent.header.serial = 41
            parent.header.fields[HeaderFields.sender] = ':1.5'
            add('return', new_method_return(parent, 'u', (1,)), 10)
            add('error-be', new_error(parent, 'org.example.Error.Failed', 's', ('boom',)), 11, big=True)
            fire = new_method_call(addr, 'Fire')
            fire.header.flags = MessageFlag.no_reply_expected | MessageFlag.no_auto_start
            add('flags', fire, 2**32 - 1)
            print('\\n'.join(out))
            """;

    @Test
    void jeepneyMessagesInBothByteOrders() throws Exception {
        Path python = Peers.assumeExecutable(Peer.JEEPNEY);
        var run = Processes.run(TOOL_TIMEOUT, List.of(python.toString(), "-c", JEEPNEY_SCRIPT));
        assertThat(run.exitCode()).as("%s", run).isZero();

        var expected = jeepneyExpectations();
        var seen = new ArrayList<String>();
        for (String line : run.stdout().strip().split("\n")) {
            String[] parts = line.split(" ");
            assertThat(parts).as("line from jeepney: %s", line).hasSize(3);
            String name = parts[0];
            int serial = Integer.parseUnsignedInt(parts[1]);
            byte[] raw = HexFormat.of().parseHex(parts[2]);
            Message want = expected.get(name);
            assertThat(want).as("expectation for jeepney message %s", name).isNotNull();
            ByteOrder order = name.endsWith("-be") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Message parsed = parseEveryWay(raw);
            assertThat(parsed.serial()).as("%s serial", name).isEqualTo(serial);
            assertSameMessage(parsed, want, order);
            assertThat(hex(want.serialize(serial, order))).as("Jitney's bytes for jeepney's %s", name).isEqualTo(hex(raw));
            seen.add(name);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    private static Map<String, Message> jeepneyExpectations() {
        var out = new LinkedHashMap<String, Message>();
        Message basic = call("AllBasic").body("ybnqiuxtdsog", (byte) -1, true, (short) -32768, 65535,
                Integer.MIN_VALUE, 4294967295L, Long.MIN_VALUE, -1L, -0.5, "h\u00e9llo \uD83D\uDE00",
                ObjectPath.of("/a/b_c"), Signature.of("a{sv}(ii)")).build();
        out.put("basic-le", basic);
        out.put("basic-be", basic);
        var sv = new LinkedHashMap<String, Object>();
        sv.put("a", Variant.of("s", "x"));
        sv.put("b", Variant.of("ai", List.of(1, 2)));
        sv.put("c", Variant.of("(sd)", Struct.of("s", 2.5)));
        var yb = new LinkedHashMap<Byte, Boolean>();
        yb.put((byte) 1, true);
        yb.put((byte) 2, false);
        Message containers = call("Containers").body("ayata(ii)a{sv}a{ox}(yv)aasada{yb}",
                new byte[] {0, 1, -1}, List.of(), List.of(), sv, Map.of(ObjectPath.of("/p"), -1L),
                Struct.of((byte) 7, Variant.of("v", Variant.of("v", Variant.of("u", 3L)))),
                List.of(List.of("a"), List.of()), List.of(1.5, -0.0), yb).build();
        out.put("containers-le", containers);
        out.put("containers-be", containers);
        out.put("signal", Message.builder(MessageType.SIGNAL).path("/org/example/Obj").interfaceName("org.example.Iface")
                .member("Changed").body("sa{ss}", "x", Map.of("k", "v")).build());
        out.put("return", Message.builder(MessageType.METHOD_RETURN).replySerial(41).destination(":1.5")
                .body("u", 1L).build());
        out.put("error-be", Message.builder(MessageType.ERROR).errorName("org.example.Error.Failed").replySerial(41)
                .destination(":1.5").body("s", "boom").build());
        out.put("flags", call("Fire").flags(0x3).build());
        return out;
    }

    private static Message.Builder call(String member) {
        return Message.builder(MessageType.METHOD_CALL).path("/org/example/Obj").destination("org.example.Test")
                .interfaceName("org.example.Iface").member(member);
    }

    // ------------------------------------------------------------------ dbus-monitor on a private bus

    /**
     * A real bus: {@code dbus-monitor --binary} records everything on a private dbus-daemon
     * while dbus-send emits a signal and calls {@code GetId}. Every recorded message (written
     * by libdbus in dbus-send, dbus-daemon and dbus-monitor) must parse, fed any way, and
     * Jitney's bytes for it must equal libdbus's up to header field order: the daemon appends
     * SENDER after the fields the client wrote, and libdbus's own Hello has DESTINATION second.
     */
    @Test
    void dbusMonitorBinaryCaptureOnAPrivateBus() throws Exception {
        Path dbusSend = Peers.assumeExecutable(Peer.DBUS_SEND);
        Path dbusMonitor = Peers.assumeExecutable(Peer.DBUS_MONITOR);
        Path capture = tmp.resolve("monitor.bin");
        byte[] recorded;
        try (var bus = DBusDaemonExtension.builder().auth("EXTERNAL").allowAnonymous(false).tcp(false).start()) {
            Process monitor = new ProcessBuilder(dbusMonitor.toString(), "--address", bus.unixPathAddress(), "--binary")
                    .redirectOutput(capture.toFile())
                    .redirectError(tmp.resolve("monitor.err").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try {
                // The monitor's first output is the bus telling it that it lost its own name
                // on becoming a monitor: from then on it records everything.
                long deadline = System.nanoTime() + TOOL_TIMEOUT.toNanos();
                while (Files.size(capture) == 0) {
                    assertThat(monitor.isAlive()).as("dbus-monitor is running").isTrue();
                    assertThat(System.nanoTime()).as("dbus-monitor ready in time").isLessThan(deadline);
                    Thread.sleep(20);
                }
                var signal = Processes.run(TOOL_TIMEOUT, List.of(dbusSend.toString(), "--bus=" + bus.unixPathAddress(),
                        "--type=signal", "/org/example/Obj", "org.example.Iface.Changed", "string:hi", "int32:-5",
                        "uint32:7", "boolean:false", "double:-0.25", "byte:0", "int16:-32768", "uint16:0",
                        "int64:9223372036854775807", "uint64:0", "objpath:/", "array:int32:1,2,3",
                        "dict:uint16:string:1,one", "variant:string:x"));
                assertThat(signal.exitCode()).as("%s", signal).isZero();
                var call = Processes.run(TOOL_TIMEOUT, List.of(dbusSend.toString(), "--bus=" + bus.unixPathAddress(),
                        "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                        "org.freedesktop.DBus.GetId"));
                assertThat(call.exitCode()).as("%s", call).isZero();
                // Wait until the GetId reply (the last message) has been recorded.
                while (!containsGetIdReply(Files.readAllBytes(capture))) {
                    assertThat(System.nanoTime()).as("dbus-monitor recorded the reply in time").isLessThan(deadline);
                    Thread.sleep(20);
                }
            } finally {
                monitor.destroy();
                if (!monitor.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    monitor.destroyForcibly();
                }
            }
            recorded = Files.readAllBytes(capture);
        }
        List<Message> messages = null;
        Feeding.Outcome whole = null;
        for (int chunk : Feeding.CHUNK_SIZES) {
            var result = Feeding.feed(recorded, chunk);
            assertThat(result.errors()).as("parsing the capture fed %s", Feeding.describe(chunk)).isEmpty();
            if (whole == null) {
                whole = result.outcome();
                messages = result.messages();
            } else {
                assertThat(result.outcome()).as("fed %s vs whole", Feeding.describe(chunk)).isEqualTo(whole);
            }
        }
        // A whole capture may end in the middle of a message the monitor was writing when
        // killed; everything before that must parse.
        assertThat(messages).as("messages recorded").hasSizeGreaterThanOrEqualTo(6);

        // Every message: Jitney writes libdbus's bytes, up to header field order.
        int offset = 0;
        for (Message m : messages) {
            int length = messageLength(recorded, offset);
            byte[] raw = Arrays.copyOfRange(recorded, offset, offset + length);
            assertSameUpToHeaderFieldOrder(raw, m.serialize(m.serial()), "recorded " + m);
            offset += length;
        }

        Message changed = messages.stream().filter(m -> "Changed".equals(m.member())).findFirst().orElseThrow();
        assertThat(changed.sender()).as("sender the bus stamped").startsWith(":");
        var dict = new LinkedHashMap<Integer, String>();
        dict.put(1, "one");
        Message expected = Message.builder(MessageType.SIGNAL)
                .flags(0x1) // libdbus marks signals NO_REPLY_EXPECTED
                .path("/org/example/Obj")
                .interfaceName("org.example.Iface")
                .member("Changed")
                .sender(changed.sender())
                .body("siubdynqxtoaia{qs}v", "hi", -5, 7L, false, -0.25, (byte) 0, (short) -32768, 0,
                        Long.MAX_VALUE, 0L, ObjectPath.ROOT, List.of(1, 2, 3), dict, Variant.of("s", "x"))
                .build();
        assertSameMessage(changed, expected, ByteOrder.LITTLE_ENDIAN);
    }

    private static boolean containsGetIdReply(byte[] capture) {
        int offset = 0;
        boolean sawGetId = false;
        while (capture.length - offset >= 16) {
            int length = messageLength(capture, offset);
            if (capture.length - offset < length) {
                return false;
            }
            String text = new String(capture, offset, length, StandardCharsets.ISO_8859_1);
            if (text.contains("GetId")) {
                sawGetId = true;
            } else if (sawGetId && capture[offset + 1] == 2) {
                return true;
            }
            offset += length;
        }
        return false;
    }

    /** Length of the message at {@code offset}, from its fixed header. */
    private static int messageLength(byte[] stream, int offset) {
        var r = new WireReader(stream, offset, offset + 16, orderOf(Arrays.copyOfRange(stream, offset, offset + 1)));
        r.seek(4);
        long body = Integer.toUnsignedLong(r.readInt32());
        r.readInt32();
        long fields = Integer.toUnsignedLong(r.readInt32());
        return (int) (((16 + fields + 7) & ~7L) + body);
    }

    // ------------------------------------------------------------------ helpers

    /** Parses one message fed whole, in 16-byte chunks and bytewise; all must agree. */
    static Message parseEveryWay(byte[] raw) {
        Message first = null;
        Feeding.Outcome firstOutcome = null;
        for (int chunk : Feeding.CHUNK_SIZES) {
            var result = Feeding.feed(raw, chunk);
            assertThat(result.errors()).as("parsing %s fed %s", hex(raw), Feeding.describe(chunk)).isEmpty();
            assertThat(result.messages()).as("messages in %s", hex(raw)).hasSize(1);
            assertThat(result.outcome().buffered()).isZero();
            if (first == null) {
                first = result.messages().getFirst();
                firstOutcome = result.outcome();
            } else {
                assertThat(result.outcome()).as("fed %s vs whole", Feeding.describe(chunk)).isEqualTo(firstOutcome);
            }
        }
        return first;
    }

    /** Every header field, the flags, byte order and the body (deeply) as expected. */
    static void assertSameMessage(Message parsed, Message expected, ByteOrder order) {
        String what = parsed.toString();
        assertThat(parsed.byteOrder()).as("byte order of %s", what).isEqualTo(order);
        assertThat(parsed.type()).as("type of %s", what).isEqualTo(expected.type());
        assertThat(parsed.flags()).as("flags of %s", what).isEqualTo(expected.flags());
        assertThat(parsed.serial()).as("serial of %s", what).isNotZero();
        assertThat(parsed.path()).as("path of %s", what).isEqualTo(expected.path());
        assertThat(parsed.interfaceName()).as("interface of %s", what).isEqualTo(expected.interfaceName());
        assertThat(parsed.member()).as("member of %s", what).isEqualTo(expected.member());
        assertThat(parsed.errorName()).as("error name of %s", what).isEqualTo(expected.errorName());
        assertThat(parsed.replySerial()).as("reply serial of %s", what).isEqualTo(expected.replySerial());
        assertThat(parsed.destination()).as("destination of %s", what).isEqualTo(expected.destination());
        assertThat(parsed.sender()).as("sender of %s", what).isEqualTo(expected.sender());
        assertThat(parsed.signature()).as("signature of %s", what).isEqualTo(expected.signature());
        assertThat(parsed.unixFdCount()).as("unix fds of %s", what).isZero();
        assertThat(parsed.body()).as("body of %s", what).hasSameSizeAs(expected.body());
        for (int i = 0; i < expected.body().size(); i++) {
            Object got = parsed.body().get(i);
            Object want = expected.body().get(i);
            assertThat(Values.deepEquals(got, want))
                    .as("argument %d of %s: got %s, expected %s", i, what, Values.toDisplayString(got), Values.toDisplayString(want))
                    .isTrue();
        }
    }

    /**
     * {@code tool} and {@code jitney} are equal, or differ only in the order of their header
     * fields: fixed header and body are identical, and the tool's fields re-laid in ascending
     * code order give exactly Jitney's bytes.
     */
    static void assertSameUpToHeaderFieldOrder(byte[] tool, byte[] jitney, String what) {
        if (Arrays.equals(tool, jitney)) {
            return;
        }
        assertThat(tool).as("%s: length", what).hasSameSizeAs(jitney);
        assertThat(hex(Arrays.copyOf(tool, 12))).as("%s: fixed header before the field array", what)
                .isEqualTo(hex(Arrays.copyOf(jitney, 12)));
        int bodyStart = bodyStart(tool);
        assertThat(bodyStart(jitney)).as("%s: body offset", what).isEqualTo(bodyStart);
        assertThat(hex(Arrays.copyOfRange(tool, bodyStart, tool.length))).as("%s: body", what)
                .isEqualTo(hex(Arrays.copyOfRange(jitney, bodyStart, jitney.length)));
        assertThat(hex(withHeaderFieldsSorted(tool))).as("%s: bytes with header fields in ascending order", what)
                .isEqualTo(hex(jitney));
    }

    private static ByteOrder orderOf(byte[] message) {
        return message[0] == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static int bodyStart(byte[] message) {
        var r = new WireReader(message, 0, message.length, orderOf(message));
        r.seek(12);
        r.read(HEADER_FIELDS.type());
        r.align(8);
        return r.offset();
    }

    /** The same message with its header fields re-laid in ascending code order. */
    private static byte[] withHeaderFieldsSorted(byte[] message) {
        ByteOrder order = orderOf(message);
        var r = new WireReader(message, 0, message.length, order);
        r.seek(12);
        Type fieldsType = HEADER_FIELDS.type();
        var fields = new ArrayList<>((List<?>) r.read(fieldsType));
        r.align(8);
        int bodyStart = r.offset();
        fields.sort(Comparator.comparingInt(f -> Byte.toUnsignedInt((Byte) ((Struct) f).get(0))));
        var w = new WireWriter(message.length, order);
        w.writeBytes(message, 0, 12);
        w.write(fieldsType, fields);
        w.align(8);
        w.writeBytes(message, bodyStart, message.length - bodyStart);
        return w.toByteArray();
    }

    /** The client authenticated with EXTERNAL as our uid (its decimal digits, hex-encoded) and began. */
    private static void assertExternalAuth(List<String> lines) throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        String uidHex = HexFormat.of().formatHex(String.valueOf(uid).getBytes(StandardCharsets.US_ASCII));
        assertThat(lines).contains("AUTH EXTERNAL " + uidHex);
        assertThat(lines.getLast()).isEqualTo("BEGIN");
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
