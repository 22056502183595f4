package io.jitney.interop;

import static io.jitney.interop.InteropCases.NON_ASCII;
import static io.jitney.interop.InteropCases.U32_MAX;
import static io.jitney.interop.InteropCases.U64_MAX;
import static io.jitney.interop.InteropCases.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.message.Message;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import io.jitney.testing.Processes;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import io.jitney.wire.Values;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Jitney answering the command-line tools of three other D-Bus implementations — systemd's
 * {@code busctl}, GLib's {@code gdbus} and libdbus's {@code dbus-send} — on a private dbus-daemon.
 * A {@link JitneyEchoService} (a receive loop on a thread) echoes each call; the test checks both
 * what Jitney read (the tool's values, as Jitney's canonical values) and what the tool printed
 * (Jitney's reply, in the tool's own notation).
 *
 * <p>busctl and gdbus can send every type; dbus-send cannot send signatures, structs, arrays of
 * containers, nested variants or variants and dicts holding containers, so its cases stop there.
 */
@Timeout(60)
class CommandLineToolsTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(10);
    static final String NAME = "org.jitney.test.Echo";
    static JitneyEchoService echo;

    /** One call: the tool's arguments after the method, what Jitney must read, what the tool must print. */
    record ToolCall(String name, List<String> args, String signature, List<Object> values, String output) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ToolCall call(String name, List<String> args, String signature, List<?> values, String output) {
        return new ToolCall(name, args, signature, new ArrayList<>(values), output);
    }

    static List<Object> values(Object... v) {
        return Arrays.asList(v);
    }

    static final List<Object> ALL_BASIC = values((byte) 7, true, (short) -2, 3, -4, 5L, -6L, 7L, 0.125, "\u00e9",
            new ObjectPath("/a"), Signature.of("a{sv}"));
    static final List<Object> EXTREMES = values((byte) 0, (byte) 0xff, Short.MIN_VALUE, Short.MAX_VALUE, 0xffff,
            Integer.MIN_VALUE, Integer.MAX_VALUE, U32_MAX, Long.MIN_VALUE, Long.MAX_VALUE, U64_MAX);
    static final Map<Object, Object> VARDICT = map("int", Variant.of("i", 1), "str", Variant.of("s", "x"),
            "list", Variant.of("as", List.of("p", "q")));
    static final Map<Object, Object> MANAGED = map(new ObjectPath("/org/example/A"), map(
                    "org.example.Thing", map("Size", Variant.of("t", U64_MAX), "Tags", Variant.of("as", List.of("x", "y"))),
                    "org.example.Empty", Map.of()),
            new ObjectPath("/org/example/B"), Map.of());
    static final List<Object> STRUCTS = values(Struct.of(42, Struct.of("x", 0.5)), List.of(),
            List.of(Struct.of(1, Struct.of("a", 1.0)), Struct.of(2, Struct.of("b", 2.0))));
    static final List<Object> DICT_KEYS = values(map((byte) 1, "one", (byte) 0xff, "max"), map(Long.MIN_VALUE, 0.25),
            map(true, "yes", false, "no"));

    // ---------------------------------------------------------------- busctl

    static final List<ToolCall> busctl = List.of(
            call("every basic type", List.of("ybnqiuxtdsog", "7", "true", "-2", "3", "-4", "5", "-6", "7", "0.125",
                            "\u00e9", "/a", "a{sv}"), "ybnqiuxtdsog", ALL_BASIC,
                    "ybnqiuxtdsog 7 true -2 3 -4 5 -6 7 0.125 \"\\303\\251\" \"/a\" \"a{sv}\""),
            call("extremes", List.of("yynnqiiuxxt", "0", "255", "-32768", "32767", "65535", "-2147483648", "2147483647",
                            "4294967295", "-9223372036854775808", "9223372036854775807", "18446744073709551615"),
                    "yynnqiiuxxt", EXTREMES, "yynnqiiuxxt 0 255 -32768 32767 65535 -2147483648 2147483647 4294967295 "
                            + "-9223372036854775808 9223372036854775807 18446744073709551615"),
            // busctl prints doubles with %g; Jitney's side of the check sees the exact values.
            call("doubles", List.of("ddddd", "1.5", "-0", "1.7976931348623157e308", "2.2250738585072014e-308", "-inf"),
                    "ddddd", values(1.5, -0.0, Double.MAX_VALUE, Double.MIN_NORMAL, Double.NEGATIVE_INFINITY),
                    "ddddd 1.5 -0 1.79769e+308 2.22507e-308 -inf"),
            call("strings", List.of("ss", "", NON_ASCII), "ss", values("", NON_ASCII),
                    "ss \"\" " + cQuoted(NON_ASCII)),
            call("arrays", List.of("ayasasau", "3", "0", "1", "255", "0", "2", "a", "\u00fc", "1", "4294967295"),
                    "ayasasau", values(new byte[] {0, 1, (byte) 0xff}, List.of(), List.of("a", "\u00fc"), List.of(U32_MAX)),
                    "ayasasau 3 0 1 255 0 2 \"a\" " + cQuoted("\u00fc") + " 1 4294967295"),
            call("vardicts", List.of("a{sv}a{sv}", "0", "3", "int", "i", "1", "str", "s", "x", "list", "as", "2", "p", "q"),
                    "a{sv}a{sv}", values(Map.of(), VARDICT),
                    "a{sv}a{sv} 0 3 \"int\" i 1 \"str\" s \"x\" \"list\" as 2 \"p\" \"q\""),
            call("managed objects", List.of("a{oa{sa{sv}}}", "2", "/org/example/A", "2", "org.example.Thing", "2",
                            "Size", "t", "18446744073709551615", "Tags", "as", "2", "x", "y", "org.example.Empty", "0",
                            "/org/example/B", "0"), "a{oa{sa{sv}}}", values(MANAGED),
                    "a{oa{sa{sv}}} 2 \"/org/example/A\" 2 \"org.example.Thing\" 2 \"Size\" t 18446744073709551615 "
                            + "\"Tags\" as 2 \"x\" \"y\" \"org.example.Empty\" 0 \"/org/example/B\" 0"),
            call("structs", List.of("(i(sd))a(i(sd))a(i(sd))", "42", "x", "0.5", "0", "2", "1", "a", "1", "2", "b", "2"),
                    "(i(sd))a(i(sd))a(i(sd))", STRUCTS, "(i(sd))a(i(sd))a(i(sd)) 42 \"x\" 0.5 0 2 1 \"a\" 1 2 \"b\" 2"),
            call("nested variants", List.of("vav", "s", "top", "5", "i", "1", "v", "s", "deep", "v", "v", "t",
                            "18446744073709551615", "a{sv}", "1", "k", "b", "true", "(i(sd))", "7", "y", "2.5"), "vav",
                    values(Variant.of("s", "top"), List.of(Variant.of("i", 1), Variant.of("v", Variant.of("s", "deep")),
                            Variant.of("v", Variant.of("v", Variant.of("t", U64_MAX))),
                            Variant.of("a{sv}", map("k", Variant.of("b", true))),
                            Variant.of("(i(sd))", Struct.of(7, Struct.of("y", 2.5))))),
                    "vav s \"top\" 5 i 1 v s \"deep\" v v t 18446744073709551615 a{sv} 1 \"k\" b true (i(sd)) 7 \"y\" 2.5"),
            call("dict keys", List.of("a{ys}a{xd}a{bs}", "2", "1", "one", "255", "max", "1", "-9223372036854775808",
                            "0.25", "2", "true", "yes", "false", "no"), "a{ys}a{xd}a{bs}", DICT_KEYS,
                    "a{ys}a{xd}a{bs} 2 1 \"one\" 255 \"max\" 1 -9223372036854775808 0.25 2 true \"yes\" false \"no\""),
            call("empty aligned arrays", List.of("ya(xt)yaxy", "1", "0", "2", "0", "3"), "ya(xt)yaxy",
                    values((byte) 1, List.of(), (byte) 2, List.of(), (byte) 3), "ya(xt)yaxy 1 0 2 0 3"),
            call("nested arrays", List.of("aasaay", "3", "0", "1", "a", "2", "b", "c", "2", "0", "1", "1"), "aasaay",
                    values(List.of(List.of(), List.of("a"), List.of("b", "c")), List.of(new byte[0], new byte[] {1})),
                    "aasaay 3 0 1 \"a\" 2 \"b\" \"c\" 2 0 1 1"));

    @ParameterizedTest(name = "{0}")
    @FieldSource("busctl")
    void busctlCallsJitney(ToolCall c) throws Exception {
        var tool = Peers.assumeExecutable(Peer.BUSCTL);
        var command = new ArrayList<>(List.of(tool.toString(), "--address=" + bus.unixPathAddress(),
                "--timeout=5", "call", "--", NAME, JitneyEchoService.PATH, JitneyEchoService.INTERFACE, "Echo"));
        command.addAll(c.args());
        var run = run(command);
        assertJitneyRead(c);
        assertThat(run.stdout().strip()).as("what busctl printed").isEqualTo(c.output());
    }

    // ---------------------------------------------------------------- gdbus

    static final List<ToolCall> gdbus = List.of(
            call("no arguments", List.of(), "", List.of(), "()"),
            call("every basic type", List.of("byte 7", "true", "int16 -2", "uint16 3", "-4", "uint32 5", "int64 -6",
                            "uint64 7", "0.125", "'\u00e9'", "objectpath '/a'", "signature 'a{sv}'"), "ybnqiuxtdsog",
                    ALL_BASIC, "(byte 0x07, true, int16 -2, uint16 3, -4, uint32 5, int64 -6, uint64 7, 0.125, '\u00e9', "
                            + "objectpath '/a', signature 'a{sv}')"),
            call("extremes", List.of("byte 0", "byte 255", "int16 -32768", "int16 32767", "uint16 65535", "-2147483648",
                            "2147483647", "uint32 4294967295", "int64 -9223372036854775808", "int64 9223372036854775807",
                            "uint64 18446744073709551615"), "yynnqiiuxxt", EXTREMES,
                    "(byte 0x00, byte 0xff, int16 -32768, int16 32767, uint16 65535, -2147483648, 2147483647, "
                            + "uint32 4294967295, int64 -9223372036854775808, int64 9223372036854775807, "
                            + "uint64 18446744073709551615)"),
            call("doubles", List.of("1.5", "-0.0", "1.7976931348623157e308", "2.2250738585072014e-308", "-inf"), "ddddd",
                    values(1.5, -0.0, Double.MAX_VALUE, Double.MIN_NORMAL, Double.NEGATIVE_INFINITY),
                    "(1.5, -0.0, 1.7976931348623157e+308, 2.2250738585072014e-308, -inf)"),
            call("strings and an empty signature", List.of("''", "'" + NON_ASCII + "'", "signature ''"), "ssg",
                    values("", NON_ASCII, Signature.EMPTY), "('', '" + NON_ASCII + "', signature '')"),
            call("arrays", List.of("@ay []", "[byte 0, 1, 255]", "@as []", "['a', '\u00fc']", "[uint32 4294967295]",
                            "[int16 -32768, 1]", "[0.5, -2.0]", "[true, false]", "[uint64 18446744073709551615]"),
                    "ayayasasauanadabat", values(new byte[0], new byte[] {0, 1, (byte) 0xff}, List.of(),
                            List.of("a", "\u00fc"), List.of(U32_MAX), List.of(Short.MIN_VALUE, (short) 1),
                            List.of(0.5, -2.0), List.of(true, false), List.of(U64_MAX)),
                    "(@ay [], [byte 0x00, 0x01, 0xff], @as [], ['a', '\u00fc'], [uint32 4294967295], [int16 -32768, 1], "
                            + "[0.5, -2.0], [true, false], [uint64 18446744073709551615])"),
            call("vardicts", List.of("@a{sv} {}", "{'int': <1>, 'str': <'x'>, 'list': <['p', 'q']>}"), "a{sv}a{sv}",
                    values(Map.of(), VARDICT), "(@a{sv} {}, {'int': <1>, 'str': <'x'>, 'list': <['p', 'q']>})"),
            call("managed objects", List.of("{objectpath '/org/example/A': {'org.example.Thing': {'Size': "
                            + "<uint64 18446744073709551615>, 'Tags': <['x', 'y']>}, 'org.example.Empty': @a{sv} {}}, "
                            + "'/org/example/B': {}}"), "a{oa{sa{sv}}}", values(MANAGED),
                    "({objectpath '/org/example/A': {'org.example.Thing': {'Size': <uint64 18446744073709551615>, "
                            + "'Tags': <['x', 'y']>}, 'org.example.Empty': {}}, '/org/example/B': {}},)"),
            call("structs", List.of("(42, ('x', 0.5))", "@a(i(sd)) []", "[(1, ('a', 1.0)), (2, ('b', 2.0))]"),
                    "(i(sd))a(i(sd))a(i(sd))", STRUCTS,
                    "((42, ('x', 0.5)), @a(i(sd)) [], [(1, ('a', 1.0)), (2, ('b', 2.0))])"),
            call("nested variants", List.of("<'top'>", "[<1>, <<'deep'>>, <<<uint64 18446744073709551615>>>, "
                            + "<{'k': <true>}>, <(7, ('y', 2.5))>, <[byte 0x00, 0xff]>, <@as []>, "
                            + "<int64 -9223372036854775808>]"), "vav",
                    values(Variant.of("s", "top"), List.of(Variant.of("i", 1), Variant.of("v", Variant.of("s", "deep")),
                            Variant.of("v", Variant.of("v", Variant.of("t", U64_MAX))),
                            Variant.of("a{sv}", map("k", Variant.of("b", true))),
                            Variant.of("(i(sd))", Struct.of(7, Struct.of("y", 2.5))),
                            Variant.of("ay", new byte[] {0, (byte) 0xff}), Variant.of("as", List.of()),
                            Variant.of("x", Long.MIN_VALUE))),
                    "(<'top'>, [<1>, <<'deep'>>, <<<uint64 18446744073709551615>>>, <{'k': <true>}>, <(7, ('y', 2.5))>, "
                            + "<[byte 0x00, 0xff]>, <@as []>, <int64 -9223372036854775808>])"),
            call("dict keys", List.of("{byte 1: 'one', 255: 'max'}", "{int64 -9223372036854775808: 0.25}",
                            "{true: 'yes', false: 'no'}", "{objectpath '/p': 'path key'}"), "a{ys}a{xd}a{bs}a{os}",
                    values(DICT_KEYS.get(0), DICT_KEYS.get(1), DICT_KEYS.get(2), map(new ObjectPath("/p"), "path key")),
                    "({byte 0x01: 'one', 0xff: 'max'}, {int64 -9223372036854775808: 0.25}, {true: 'yes', false: 'no'}, "
                            + "{objectpath '/p': 'path key'})"),
            call("empty aligned arrays", List.of("byte 1", "@a(xt) []", "byte 2", "@ax []", "byte 3"), "ya(xt)yaxy",
                    values((byte) 1, List.of(), (byte) 2, List.of(), (byte) 3),
                    "(byte 0x01, @a(xt) [], byte 0x02, @ax [], byte 0x03)"),
            call("nested arrays", List.of("[@as [], ['a'], ['b', 'c']]", "[@ay [], [byte 1]]"), "aasaay",
                    values(List.of(List.of(), List.of("a"), List.of("b", "c")), List.of(new byte[0], new byte[] {1})),
                    "([@as [], ['a'], ['b', 'c']], [@ay [], [0x01]])"));

    @ParameterizedTest(name = "{0}")
    @FieldSource("gdbus")
    void gdbusCallsJitney(ToolCall c) throws Exception {
        var tool = Peers.assumeExecutable(Peer.GDBUS);
        var command = new ArrayList<>(List.of(tool.toString(), "call", "--address", bus.unixPathAddress(),
                "--timeout", "5", "--dest", NAME, "--object-path", JitneyEchoService.PATH,
                "--method", JitneyEchoService.INTERFACE + ".Echo", "--"));
        command.addAll(c.args());
        var run = run(command);
        assertJitneyRead(c);
        assertThat(run.stdout().strip()).as("what gdbus printed").isEqualTo(c.output());
    }

    // ---------------------------------------------------------------- dbus-send

    static final List<ToolCall> dbusSend = List.of(
            call("no arguments", List.of(), "", List.of(), ""),
            call("every basic type dbus-send has", List.of("byte:7", "boolean:true", "int16:-2", "uint16:3", "int32:-4",
                            "uint32:5", "int64:-6", "uint64:7", "double:0.125", "string:\u00e9", "objpath:/a"),
                    "ybnqiuxtdso", ALL_BASIC.subList(0, 11), """
                    byte 7
                    boolean true
                    int16 -2
                    uint16 3
                    int32 -4
                    uint32 5
                    int64 -6
                    uint64 7
                    double 0.125
                    string "\u00e9"
                    object path "/a\""""),
            call("extremes", List.of("byte:0", "byte:255", "int16:-32768", "int16:32767", "uint16:65535",
                            "int32:-2147483648", "int32:2147483647", "uint32:4294967295", "int64:-9223372036854775808",
                            "int64:9223372036854775807", "uint64:18446744073709551615"), "yynnqiiuxxt", EXTREMES, """
                    byte 0
                    byte 255
                    int16 -32768
                    int16 32767
                    uint16 65535
                    int32 -2147483648
                    int32 2147483647
                    uint32 4294967295
                    int64 -9223372036854775808
                    int64 9223372036854775807
                    uint64 18446744073709551615"""),
            // dbus-send prints doubles with %g; Jitney's side of the check sees the exact values.
            call("doubles", List.of("double:1.5", "double:-0", "double:1.7976931348623157e308",
                            "double:4.9406564584124654e-324", "double:-inf"), "ddddd",
                    values(1.5, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Double.NEGATIVE_INFINITY), """
                    double 1.5
                    double -0
                    double 1.79769e+308
                    double 4.94066e-324
                    double -inf"""),
            call("strings", List.of("string:", "string:" + NON_ASCII), "ss", values("", NON_ASCII),
                    "string \"\"\nstring \"" + NON_ASCII + "\""),
            call("arrays", List.of("array:byte:0,1,255", "array:string:", "array:string:a,\u00fc",
                            "array:uint32:4294967295", "array:int16:-32768,1", "array:double:0.5,-2",
                            "array:boolean:true,false", "array:uint64:18446744073709551615"), "ayasasauanadabat",
                    values(new byte[] {0, 1, (byte) 0xff}, List.of(), List.of("a", "\u00fc"), List.of(U32_MAX),
                            List.of(Short.MIN_VALUE, (short) 1), List.of(0.5, -2.0), List.of(true, false),
                            List.of(U64_MAX)), """
                    array of bytes [
                       00 01 ff
                    ]
                    array [
                    ]
                    array [
                       string "a"
                       string "\u00fc"
                    ]
                    array [
                       uint32 4294967295
                    ]
                    array [
                       int16 -32768
                       int16 1
                    ]
                    array [
                       double 0.5
                       double -2
                    ]
                    array [
                       boolean true
                       boolean false
                    ]
                    array [
                       uint64 18446744073709551615
                    ]"""),
            call("dicts", List.of("dict:string:int32:a,1,b,2", "dict:uint64:string:18446744073709551615,max",
                            "dict:string:int32:"), "a{si}a{ts}a{si}",
                    values(map("a", 1, "b", 2), map(U64_MAX, "max"), Map.of()), """
                    array [
                       dict entry(
                          string "a"
                          int32 1
                       )
                       dict entry(
                          string "b"
                          int32 2
                       )
                    ]
                    array [
                       dict entry(
                          uint64 18446744073709551615
                          string "max"
                       )
                    ]
                    array [
                    ]"""),
            call("variants", List.of("variant:int32:1", "variant:string:deep", "variant:uint64:18446744073709551615",
                            "variant:objpath:/p", "variant:double:0.5", "variant:boolean:false"), "vvvvvv",
                    values(Variant.of("i", 1), Variant.of("s", "deep"), Variant.of("t", U64_MAX),
                            Variant.of("o", new ObjectPath("/p")), Variant.of("d", 0.5), Variant.of("b", false)), """
                    variant       int32 1
                    variant       string "deep"
                    variant       uint64 18446744073709551615
                    variant       object path "/p"
                    variant       double 0.5
                    variant       boolean false"""));

    @ParameterizedTest(name = "{0}")
    @FieldSource("dbusSend")
    void dbusSendCallsJitney(ToolCall c) throws Exception {
        var tool = Peers.assumeExecutable(Peer.DBUS_SEND);
        // --bus, not --address: with --address dbus-send sends no Hello and the bus refuses it.
        var command = new ArrayList<>(List.of(tool.toString(), "--bus=" + bus.unixPathAddress(),
                "--print-reply", "--reply-timeout=5000", "--dest=" + NAME, JitneyEchoService.PATH,
                JitneyEchoService.INTERFACE + ".Echo"));
        command.addAll(c.args());
        var run = run(command);
        assertJitneyRead(c);
        List<String> lines = run.stdout().lines().map(String::stripTrailing).toList();
        assertThat(lines).as("what dbus-send printed").isNotEmpty();
        assertThat(lines.getFirst()).startsWith("method return time=").contains("sender=" + echo.uniqueName());
        String body = lines.subList(1, lines.size()).stream().map(l -> l.startsWith("   ") ? l.substring(3) : l)
                .collect(Collectors.joining("\n"));
        assertThat(body).as("what dbus-send printed of the body").isEqualTo(c.output());
    }

    // ---------------------------------------------------------------- helpers

    @BeforeAll
    static void startEchoService() {
        echo = JitneyEchoService.start(bus.unixPathAddress(), NAME);
    }

    @AfterAll
    static void stopEchoService() throws Exception {
        if (echo != null) {
            echo.close();
        }
    }

    private static Processes.Run run(List<String> command) throws Exception {
        echo.clear();
        var run = Processes.run(T, command);
        assertThat(run.exitCode()).as("%s", run).isZero();
        return run;
    }

    private static void assertJitneyRead(ToolCall c) throws InterruptedException {
        Message call = echo.takeEchoCall(T);
        assertThat(call.signature().toString()).as("the signature Jitney read").isEqualTo(c.signature());
        assertThat(Values.deepEquals(call.body(), c.values()))
                .as("Jitney read %s, expected %s", Values.toDisplayString(call.body()), Values.toDisplayString(c.values()))
                .isTrue();
    }

    /** A string as busctl prints it: in double quotes, every byte of UTF-8 above 0x7f as a C octal escape. */
    private static String cQuoted(String s) {
        var sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xff;
            if (u >= 0x80) {
                sb.append('\\').append(Integer.toOctalString(u));
            } else {
                sb.append((char) u);
            }
        }
        return sb.append('"').toString();
    }
}
