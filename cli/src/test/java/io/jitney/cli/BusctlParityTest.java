package io.jitney.cli;

import static io.jitney.cli.CliRun.at;
import static io.jitney.cli.CliRun.busctl;
import static io.jitney.cli.CliRun.jitney;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jitney and busctl side by side on one private bus, calling the same {@link EchoService}:
 * the same arguments must give the same reply printed the same way (text, {@code --json=short},
 * {@code --json=pretty}, {@code --verbose}), the same errors and the same exit codes.
 */
class BusctlParityTest {
    @RegisterExtension
    static DBusDaemonExtension bus = new DBusDaemonExtension();

    static EchoService echo;
    static String address;

    @BeforeAll
    static void start() {
        Peers.assumeAvailable(Peer.BUSCTL);
        address = bus.unixPathAddress();
        echo = new EchoService(address);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (echo != null) {
            echo.close();
        }
    }

    static String[] call(String method, String... signatureAndArgs) {
        var args = new ArrayList<>(List.of("call", EchoService.NAME, "/e", EchoService.IFACE, method));
        args.addAll(List.of(signatureAndArgs));
        return args.toArray(String[]::new);
    }

    static String[] with(String option, String[] args) {
        var all = new ArrayList<String>();
        all.add(option);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    static void assertSame(String... args) throws Exception {
        CliRun.Result expected = busctl(address, args);
        CliRun.Result actual = jitney(at(address, args));
        assertThat(actual).as("jitney %s", String.join(" ", args)).isEqualTo(expected);
    }

    /** Every type, alone and nested, as busctl reads it (a '--' lets negative numbers through). */
    static Stream<Arguments> signatures() {
        return Stream.of(
                List.of("y", "0"), List.of("y", "255"), List.of("b", "true"), List.of("b", "no"),
                List.of("n", "--", "-32768"), List.of("q", "65535"), List.of("i", "--", "-2147483648"),
                List.of("u", "4294967295"), List.of("x", "--", "-9223372036854775808"),
                List.of("t", "18446744073709551615"),
                List.of("d", "3.5"), List.of("d", "0.1"), List.of("d", "--", "-1e-300"), List.of("d", "1e300"),
                List.of("d", "nan"), List.of("d", "--", "-inf"), List.of("d", "--", "-0"), List.of("d", "123456789"),
                List.of("d", "2.2250738585072014e-308"), List.of("d", "0x1p-1074"),
                List.of("s", "hello"), List.of("s", ""), List.of("s", "quote\" back\\ nl\n tab\t bell\u0007 é ☃ \uD83D\uDE00 '"),
                List.of("o", "/org/example/Obj_1"), List.of("o", "/"), List.of("g", "a{sv}(ii)"), List.of("g", ""),
                List.of("ay", "3", "0", "127", "255"), List.of("ay", "0"), List.of("as", "2", "a", "b"),
                List.of("as", "0"), List.of("a{sv}", "2", "k", "s", "v", "n", "i", "5"), List.of("a{sv}", "0"),
                List.of("(is)", "5", "x"), List.of("v", "s", "hello"), List.of("v", "v", "i", "3"),
                List.of("v", "ay", "2", "1", "2"), List.of("aay", "2", "1", "5", "0"),
                List.of("a(sv)", "1", "x", "b", "true"), List.of("a{sa{sv}}", "1", "k", "1", "j", "u", "7"),
                List.of("a{oa{sv}}", "1", "/p", "1", "k", "t", "9"), List.of("a{gs}", "1", "s", "x"),
                List.of("ad", "--", "2", "1.5", "-0.25"), List.of("ab", "2", "true", "false"),
                List.of("at", "1", "18446744073709551615"), List.of("ax", "--", "1", "-1"), List.of("an", "1", "7"),
                List.of("aq", "1", "7"), List.of("ai", "1", "7"), List.of("au", "1", "7"), List.of("ao", "1", "/x"),
                List.of("ag", "1", "s"), List.of("av", "2", "s", "x", "i", "3"), List.of("sss", "a", "b", "c"),
                List.of("(yv)", "1", "ay", "2", "3", "4"), List.of("((ii)(ss))", "1", "2", "a", "b"),
                List.of("aa{sv}", "2", "1", "a", "b", "false", "0"),
                List.of("a(ia(sv))", "1", "1", "1", "k", "as", "1", "z"),
                List.of("ybnqiuxtdsog", "--", "1", "0", "-2", "3", "-4", "5", "-6", "7", "8.25", "s", "/o", "g"),
                List.of("i", "0x10"), List.of("i", "010"), List.of("u", "0b101"), List.of("y", "0o17"),
                List.of("u", " +5"), List.of("b", "On"), List.of("d", "0x1p3"), List.of("d", "INF"))
                .map(l -> Arguments.of(l.getFirst(), l.subList(1, l.size())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signatures")
    void callPrintsTheSameJsonAndTextAsBusctl(String signature, List<String> args) throws Exception {
        var all = new ArrayList<String>();
        if (!args.isEmpty() && args.getFirst().equals("--")) {
            all.add("--");
            all.add(signature);
            all.addAll(args.subList(1, args.size()));
        } else {
            all.add(signature);
            all.addAll(args);
        }
        String[] command = call("Echo", all.toArray(String[]::new));
        assertSame(with("--json=short", command));
        assertSame(command);
    }

    @Test
    void prettyJsonAndLongFormat() throws Exception {
        String[] command = call("Echo", "a{sv}(ib)asv", "2", "k", "i", "5", "j", "as", "0", "1", "true", "0", "ay", "1",
                "7");
        assertSame(with("--json=pretty", command));
        assertSame(with("--verbose", command));
    }

    @Test
    void unixFdInJsonIsNull() throws Exception {
        assertSame(with("--json=short", call("Fd")));
        assertThat(jitney(at(address, call("Fd"))).out()).matches("h \\d+\n");
    }

    @Test
    void emptyReplyPrintsNothing() throws Exception {
        assertSame(call("Echo"));
        assertSame(with("--json=short", call("Echo")));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badNumbersFailWithBusctlsMessage(String signature, String value) throws Exception {
        assertSame(call("Echo", "--", signature, value));
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(Arguments.of("y", "256"), Arguments.of("y", "-1"), Arguments.of("n", "40000"),
                Arguments.of("q", "-1"), Arguments.of("i", "2147483648"), Arguments.of("i", "08"),
                Arguments.of("u", "4294967296"), Arguments.of("u", "-010"), Arguments.of("x", "0x8000000000000000"),
                Arguments.of("t", "18446744073709551616"), Arguments.of("b", "maybe"), Arguments.of("d", "abc"),
                Arguments.of("d", "1e400"), Arguments.of("d", "2.5e-310"), Arguments.of("i", "1e3"),
                Arguments.of("as", "x"), Arguments.of("h", "0"));
    }

    @Test
    void countErrorsStartAsBusctlsAndSayMore() throws Exception {
        CliRun.Result few = jitney(at(address, call("Echo", "as", "3", "a", "b")));
        assertThat(busctl(address, call("Echo", "as", "3", "a", "b")).err()).isEqualTo(
                "Too few parameters for signature.\n");
        assertThat(few.exit()).isEqualTo(1);
        assertThat(few.err()).isEqualTo("Too few parameters for signature 'as': no value for 's' after argument 3 'b'.\n");
        CliRun.Result many = jitney(at(address, call("Echo", "s", "a", "b")));
        assertThat(many.exit()).isEqualTo(1);
        assertThat(many.err()).startsWith("Too many parameters for signature 's': argument 2 'b'");
    }

    @Test
    void errorRepliesAndTheirExitCode() throws Exception {
        assertSame(call("Fail"));
        assertSame("call", "io.jitney.test.Nope", "/e", "a.b", "M");
        assertSame("call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Nope");
        assertSame(call("FailName", "ss", "org.freedesktop.DBus.Error.AccessDenied", "no way"));
        assertSame(call("FailName", "ss", "com.example.Empty", ""));
        for (String name : List.of("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NoReply",
                "org.freedesktop.DBus.Error.UnknownMethod", "org.freedesktop.DBus.Error.InvalidArgs",
                "org.freedesktop.DBus.Error.PropertyReadOnly", "org.freedesktop.DBus.Error.AccessDenied",
                "System.Error.ENOENT", "System.Error.ECONNREFUSED", "com.example.Whatever")) {
            assertSame(call("FailName", "s", name));
        }
    }

    @Test
    void timeout() throws Exception {
        assertSame(with("--timeout=0.5", call("Hang")));
    }

    @Test
    void getPropertyOfTheBus() throws Exception {
        String[] features = {"get-property", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            "Features", "Interfaces"};
        assertSame(features);
        assertSame(with("--json=short", features));
        assertSame(with("--json=pretty", features));
        assertSame(with("--verbose", features));
        assertSame("get-property", EchoService.NAME, "/e", EchoService.IFACE, "Nope");
    }

    @Test
    void introspectTheBusAndAnAnnotatedObject() throws Exception {
        assertSame("introspect", "org.freedesktop.DBus", "/org/freedesktop/DBus");
        assertSame("introspect", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Properties");
        assertSame("introspect", "--xml-interface", "org.freedesktop.DBus", "/org/freedesktop/DBus");
        assertSame("introspect", EchoService.NAME, "/e");
        assertSame("introspect", "--no-legend", EchoService.NAME, "/e");
        assertSame("introspect", "io.jitney.test.Nope", "/e");
    }

    @Test
    void setPropertyAsBusctlSetsIt() throws Exception {
        String[] set = {"set-property", EchoService.NAME, "/e", EchoService.IFACE, "PRW", "a{sv}", "1", "k", "as", "1",
            "x"};
        assertSame(set);
        var byBusctl = echo.property("PRW");
        CliRun.Result r = jitney(at(address, "set-property", EchoService.NAME, "/e", EchoService.IFACE, "PRW", "s",
                "new value"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(echo.property("PRW").value()).isEqualTo("new value");
        assertThat(busctl(address, "get-property", EchoService.NAME, "/e", EchoService.IFACE, "PRW").out())
                .isEqualTo("s \"new value\"\n");
        jitney(at(address, set));
        assertThat(echo.property("PRW")).isEqualTo(byBusctl);
        assertSame("set-property", "io.jitney.test.Nope", "/e", EchoService.IFACE, "PRW", "s", "v");
    }

    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*}");

    /** busctl list --json entries by name. */
    static java.util.Map<String, String> entries(String json) {
        var m = new java.util.TreeMap<String, String>();
        var matcher = OBJECT.matcher(json);
        while (matcher.find()) {
            String o = matcher.group();
            m.put(o.replaceFirst("^\\{\"name\":\"([^\"]*)\".*", "$1"), o);
        }
        return m;
    }

    @Test
    void listShowsWhatBusctlShowsForTheSameNames() throws Exception {
        var expected = entries(busctl(address, "list", "--json=short").out());
        CliRun.Result r = jitney(at(address, "list", "--json=short"));
        assertThat(r.exit()).as(r.toString()).isZero();
        var actual = entries(r.out());
        assertThat(actual.get(EchoService.NAME)).isEqualTo(expected.get(EchoService.NAME)).contains("\"pid\":"
                + ProcessHandle.current().pid());
        assertThat(actual.get(echo.uniqueName())).isEqualTo(expected.get(echo.uniqueName()));
        // busctl reads the bus's pid from the socket, which a forking dbus-daemon created before it forked.
        assertThat(actual.get("org.freedesktop.DBus").replaceAll("\"pid\":\\d+,\"process\":\"[^\"]*\"", ""))
                .isEqualTo(expected.get("org.freedesktop.DBus").replaceAll("\"pid\":\\d+,\"process\":\"[^\"]*\"", ""));

        CliRun.Result text = jitney(at(address, "list"));
        assertThat(text.out().lines().findFirst()).get().asString()
                .matches("NAME +PID PROCESS +USER +CONNECTION +UNIT +SESSION +DESCRIPTION");
        assertThat(text.out()).containsPattern("(?m)^" + Pattern.quote(EchoService.NAME) + " +"
                + ProcessHandle.current().pid() + " java +\\S+ +" + Pattern.quote(echo.uniqueName()) + " ");
        assertThat(jitney(at(address, "list", "--acquired", "--no-legend")).out().lines())
                .allMatch(l -> !l.startsWith(":")).anyMatch(l -> l.startsWith(EchoService.NAME + " "));
        assertThat(jitney(at(address, "list", "--unique", "--no-legend")).out().lines())
                .allMatch(l -> l.startsWith(":")).anyMatch(l -> l.startsWith(echo.uniqueName() + " "));
    }
}
