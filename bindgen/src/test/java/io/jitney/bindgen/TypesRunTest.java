package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compile and run with every type: the code bindgen generates for {@code types.xml} (every basic
 * type, {@code ay}/{@code aay}/{@code aq}/{@code at}/{@code ao}/{@code aai}/{@code ab}, nested
 * dicts and structs, variants, fds, unsigned returns, a four-value reply, struct, list and dict
 * properties, a signal with a dict of structs) is compiled with a driver
 * ({@code drivers/TypesDriver.java}) that sends the same values to a Jitney service on a private
 * dbus-daemon through the generated message generator and through the generated typed interface.
 * Both must put the same values on the wire, and the typed proxy must turn every reply into the
 * generated records and Java types.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TypesRunTest {
    private static final String NAME = "org.jitney.test.Types";
    private static final DBusAddress TYPES = new DBusAddress("/org/jitney/types", null, "org.jitney.types.Containers");

    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @TempDir
    Path out;

    /** What the service received, per member (or "Set Name" for a property), rendered. */
    private static final Map<String, String> received = new ConcurrentHashMap<>();
    private static volatile Object matrix = List.of();

    @Test
    void theGeneratorAndTheTypedInterfaceAgreeWithTheWire() throws Exception {
        Bindgen.Result generated = Bindgen.fromXml(Fixtures.path("types.xml")).packageName("org.example.types")
                .generate();
        Javac.assertCompiles(generated.files(),
                Map.of("org.example.types.TypesDriver", Resources.text("/drivers/TypesDriver.java")), out);
        try (var service = TestService.start(bus.unixPathAddress(), NAME, TypesRunTest::types);
                var loader = Javac.loader(out)) {
            @SuppressWarnings("unchecked")
            var driver = (BiFunction<String, String, Map<String, Object>>) loader
                    .loadClass("org.example.types.TypesDriver").getConstructor().newInstance();

            Map<String, Object> viaGenerator = driver.apply(bus.unixPathAddress(), "generator");
            var fromGenerator = new TreeMap<>(received);
            received.clear();
            Map<String, Object> viaTyped = driver.apply(bus.unixPathAddress(), "typed");
            var fromTyped = new TreeMap<>(received);

            // What arrived: the same values from both, each as its D-Bus type says.
            assertThat(fromTyped).isEqualTo(fromGenerator).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                    Map.entry("Basics", "[Byte:-1, Boolean:true, Short:-2, Integer:65535, Integer:-3, Long:4294967295, "
                            + "Long:-9223372036854775808, Long:-1, Double:2.5, String:s, ObjectPath:/o, Signature:a{sv}, "
                            + "fd, <s: String:v>]"),
                    Map.entry("Arrays", "[[1, 2], [[1], []], [Integer:65535, Integer:0], [Long:-1, Long:1], [String:n], "
                            + "[ObjectPath:/a, ObjectPath:/], [[Integer:1, Integer:2], []], [Boolean:true, Boolean:false]]"),
                    Map.entry("Dicts", "[{String:p=<ay: [7]>}, {Long:4294967295=[(String:k, String:v)]}, "
                            + "{String:a={String:b={String:c=<t: Long:-1>}}}]"),
                    Map.entry("Structs", "[(Integer:1, Integer:-2), ((Integer:1, Integer:-2), (Integer:3, Integer:4)), "
                            + "[(String:spoon, Long:4294967295, {String:c=<s: String:silver>})], "
                            + "(Integer:1, (String:s, (Long:-1, (<q: Integer:65535>))))]"),
                    Map.entry("Variants", "[<(iu): (Integer:1, Long:4294967295)>, "
                            + "[<s: String:x>, <ao: [ObjectPath:/a, ObjectPath:/]>]]"),
                    Map.entry("Fds", "[fd, [fd, fd]]"),
                    Map.entry("Unsigned", "[]"),
                    Map.entry("UnsignedList", "[]"),
                    Map.entry("Many", "[]"),
                    Map.entry("Set Matrix", "<aad: [[Double:1.5, Double:-2.0], []]>"),
                    Map.entry("Set Limit", "<t: Long:-1>"))));

            // What came back: as the wire reads it through the generator ...
            assertThat(viaGenerator).containsExactly(
                    Map.entry("basics.h", "basics"),
                    Map.entry("fds", "input"),
                    Map.entry("unsigned", 4_294_967_295L),
                    Map.entry("unsignedList", List.of(65535, 0)),
                    Map.entry("many", List.of("n", Struct.of(1, 2), Map.of("k", Variant.of("b", true)), 4_294_967_295L)));
            // ... and as the generated records and Java types through the typed interface.
            assertThat(viaTyped).containsExactly(
                    Map.entry("basics.h", "basics"),
                    Map.entry("basics", "[-1, true, -2, 65535, -3, 4294967295, -9223372036854775808, -1, 2.5, s, /o, "
                            + "a{sv}, <s: \"v\">]"),
                    Map.entry("dicts", "DictsResult[counts={big=-1}, flags={1=true}]"),
                    Map.entry("structs", "StructsPoint[field0=1, field1=-2]"),
                    Map.entry("variants", "<(iu): (1, 4294967295)>"),
                    Map.entry("fds", "input"),
                    Map.entry("unsigned", 4_294_967_295L),
                    Map.entry("unsignedList", "[65535, 0]"),
                    Map.entry("many", "ManyResult[name=n, position=StructsPoint[field0=1, field1=2], extra={k=<b: true>}, "
                            + "count=4294967295]"),
                    Map.entry("size", "Size[field0=4294967295, field1=1]"),
                    Map.entry("matrix", "[[1.5, -2.0], []]"),
                    Map.entry("table", "{65535=Table[field0=t, field1=[TableField1[field0=-1, field1=<s: \"x\">]]]}"),
                    Map.entry("updated", "Updated[changes={/p=UpdatedChanges[field0=s, field1={k=<i: 1>}]}, serial=-1]"));
        }
    }

    /** The service side of {@code org.jitney.types.Containers}: records what arrives, answers. */
    @SuppressWarnings("unchecked")
    private static Message types(BlockingConnection conn, Message call) {
        List<Object> a = call.body();
        if ("org.freedesktop.DBus.Properties".equals(call.interfaceName())) {
            String name = (String) a.get(1);
            if (call.member().equals("Set")) {
                Variant value = (Variant) a.get(2);
                received.put("Set " + name, render(value));
                if (name.equals("Matrix")) {
                    matrix = value.value();
                } else if (name.equals("Limit")) {
                    conn.send(Messages.newSignal(TYPES, "Updated", "a{o(sa{sv})}t",
                            Map.of(new ObjectPath("/p"), Struct.of("s", Map.of("k", Variant.of("i", 1)))),
                            value.value()));
                }
                return Messages.newMethodReturn(call, "");
            }
            Variant value = switch (name) {
                case "Size" -> Variant.of("(uu)", Struct.of(4_294_967_295L, 1L));
                case "Matrix" -> Variant.of("aad", matrix);
                case "Table" -> Variant.of("a{q(sa(yv))}",
                        Map.of(65535, Struct.of("t", List.of(Struct.of((byte) -1, Variant.of("s", "x"))))));
                default -> throw new IllegalArgumentException(name);
            };
            return Messages.newMethodReturn(call, "v", value);
        }
        received.put(call.member(), render(a));
        return switch (call.member()) {
            case "Basics" -> Messages.newMethodReturn(call, "(ybnqiuxtdsoghv)", new Struct(a));
            case "Arrays" -> Messages.newMethodReturn(call, "");
            case "Dicts" -> Messages.newMethodReturn(call, "a{st}a{yb}", Map.of("big", -1L), Map.of((byte) 1, true));
            case "Structs" -> Messages.newMethodReturn(call, "(ii)", a.getFirst());
            case "Variants" -> Messages.newMethodReturn(call, "v", a.getFirst());
            case "Fds" -> {
                ((List<UnixFd>) a.get(1)).forEach(UnixFd::close);
                yield Messages.newMethodReturn(call, "h", a.getFirst()); // TestService closes it once sent
            }
            case "Unsigned" -> Messages.newMethodReturn(call, "u", 4_294_967_295L);
            case "UnsignedList" -> Messages.newMethodReturn(call, "aq", List.of(65535, 0));
            case "Many" -> Messages.newMethodReturn(call, "s(ii)a{sv}u", "n", Struct.of(1, 2),
                    Map.of("k", Variant.of("b", true)), 4_294_967_295L);
            default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", call.member());
        };
    }

    /** A wire value as text, with byte arrays spelled out and no descriptor numbers. */
    static String render(Object v) {
        return switch (v) {
            case byte[] b -> Arrays.toString(b);
            case List<?> l -> l.stream().map(TypesRunTest::render).collect(Collectors.joining(", ", "[", "]"));
            case Map<?, ?> m -> m.entrySet().stream().map(e -> render(e.getKey()) + "=" + render(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            case Struct s -> render(s.fields()).replaceFirst("^\\[", "(").replaceFirst("]$", ")");
            case Variant x -> "<" + x.signature() + ": " + render(x.value()) + ">";
            case UnixFd fd -> "fd";
            default -> v.getClass().getSimpleName() + ":" + v;
        };
    }
}
