package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.io.ConnectionOptions;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.Messages;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compile and run: the code bindgen generates for {@code kitchen.xml} is compiled in the test
 * together with drivers written against it ({@code drivers/*.java}), as user code would be, and the
 * drivers call a real service on a private dbus-daemon (a Jitney service, {@link TestService}):
 * struct, dict, variant, unsigned and fd arguments, an fd reply, a multi-value reply, a NoReply
 * method, a read-write and a struct property, and two signals. They go
 * <ul>
 * <li>through the generated message generator sent on a {@link BlockingConnection}
 *     ({@code KitchenDriver});
 * <li>through the generated message generator in each integration's generic proxy:
 *     {@code BlockingProxy}, {@code ThreadedProxy}, {@code AsyncProxy}, {@code ReactorProxy}
 *     ({@code KitchenGenericProxies});
 * <li>through the generated typed interface, made a proxy by {@code TypedProxies.create} over a
 *     {@code BlockingConnection}, {@code ThreadedRouter} and {@code AsyncRouter}, and by
 *     {@code ReactorTypedProxies.create} over a {@code ReactorRouter} — with the generated plain
 *     return types, which wait there as over the async router underneath (bindgen writes no
 *     {@code Mono} interfaces) ({@code KitchenTypedProxies}).
 * </ul>
 * Every connection asks for fd passing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KitchenRunTest {
    private static final String NAME = "org.jitney.test.Kitchen";
    private static final DBusAddress KITCHEN = new DBusAddress("/org/jitney/Kitchen", null, NAME);
    private static final String PROPERTIES = "org.freedesktop.DBus.Properties";

    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @TempDir
    static Path out;

    private static URLClassLoader loader;
    private static TestService service;
    /** The service's read-write properties {@code Level} and {@code Note}. */
    private static final AtomicLong level = new AtomicLong();
    private static final AtomicReference<Variant> note = new AtomicReference<>(Variant.of("s", ""));

    @BeforeAll
    static void compileAndServe() throws Exception {
        Bindgen.Result generated = Bindgen.fromXml(Fixtures.path("kitchen.xml")).packageName("org.example.kitchen")
                .generate();
        Javac.assertCompiles(generated.files(), Map.of(
                "org.example.kitchen.KitchenDriver", Resources.text("/drivers/KitchenDriver.java"),
                "org.example.kitchen.KitchenGenericProxies", Resources.text("/drivers/KitchenGenericProxies.java"),
                "org.example.kitchen.KitchenTypedProxies", Resources.text("/drivers/KitchenTypedProxies.java")),
                Javac.classpathOf("io.jitney.reactor.ReactorRouter", "reactor.core.publisher.Mono",
                        "org.reactivestreams.Publisher"),
                out);
        loader = Javac.loader(out);
        service = TestService.start(bus.unixPathAddress(), NAME, KitchenRunTest::kitchen);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (loader != null) {
            loader.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T driver(String simpleName) throws ReflectiveOperationException {
        return (T) loader.loadClass("org.example.kitchen." + simpleName).getConstructor().newInstance();
    }

    @Test
    void theGeneratedMessageGeneratorCallsARealService() throws Exception {
        try (var conn = BlockingConnection.open(bus.unixPathAddress(), ConnectionOptions.defaults().withUnixFds(true));
                UnixFd fd = TestFds.pipeWith("through a pipe")) {
            BiFunction<BlockingConnection, UnixFd, Map<String, Object>> driver = driver("KitchenDriver");
            Map<String, Object> results = driver.apply(conn, fd);

            assertThat(results).containsEntry("add", 42)
                    .containsEntry("describe", "spoon x3 {colour=silver}")
                    .containsEntry("swap", List.of(4_000_000_000L, "left"))
                    .containsEntry("lookup", Struct.of(3, 4))
                    .containsEntry("wrap", new Variant(Signature.of("v"), Variant.of("u", 7L)))
                    .containsEntry("readFd", "through a pipe")
                    .containsEntry("sizes", -1L) // 2^64 - 2 + 1 as unsigned bits
                    .containsEntry("fireNoReplyFlag", true)
                    .containsEntry("fired", "whoosh (no reply expected)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BlockingProxy", "ThreadedProxy", "AsyncProxy", "ReactorProxy"})
    void theGeneratedMessageGeneratorThroughEachGenericProxy(String proxy) throws Exception {
        BiFunction<String, String, Map<String, Object>> driver = driver("KitchenGenericProxies");
        Map<String, Object> results = driver.apply(bus.unixPathAddress(), proxy);

        int n = List.of("BlockingProxy", "ThreadedProxy", "AsyncProxy", "ReactorProxy").indexOf(proxy) + 1;
        long expectedLevel = 4_000_000_000L + n;
        assertThat(results).containsExactly(
                Map.entry("add", 42),
                Map.entry("describe", "spoon x3 {colour=silver}"),
                Map.entry("swap", List.of(4_000_000_000L, "left")),
                Map.entry("lookup", Struct.of(3, 4)),
                Map.entry("wrap", new Variant(Signature.of("v"), Variant.of("u", 7L))),
                Map.entry("readFd", "through a pipe"),
                Map.entry("pipe", "out of a pipe"),
                Map.entry("sizes", -1L),
                Map.entry("level", expectedLevel),
                Map.entry("shelf", Struct.of("top", 4_000_000_000L)),
                Map.entry("note", Variant.of("s", "memo " + n)),
                Map.entry("stock", List.of()),
                Map.entry("stocked", List.of(Struct.of("jam", 7L), 8L)),
                Map.entry("fire", List.of()), // sent with NO_REPLY_EXPECTED: nothing to wait for
                Map.entry("fired", "whoosh (no reply expected)"));
        assertThat(level).hasValue(expectedLevel);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BlockingConnection", "ThreadedRouter", "AsyncRouter", "ReactorRouter"})
    void theGeneratedTypedInterfaceThroughEachIntegration(String integration) throws Exception {
        BiFunction<String, String, Map<String, Object>> driver = driver("KitchenTypedProxies");
        Map<String, Object> results = driver.apply(bus.unixPathAddress(), integration);

        int n = List.of("BlockingConnection", "ThreadedRouter", "AsyncRouter", "ReactorRouter").indexOf(integration) + 1;
        long expectedLevel = 4_000_000_000L + n;
        // The generated records are compiled in the test: compared by their toString.
        assertThat(results).containsOnlyKeys("add", "describe", "swap", "lookup", "wrap", "readFd", "pipe", "sizes",
                "level", "shelf", "note", "stocked", "fired");
        assertThat(results).containsEntry("add", 42)
                .containsEntry("describe", "spoon x3 {colour=silver}")
                .containsEntry("wrap", new Variant(Signature.of("v"), Variant.of("u", 7L)))
                .containsEntry("readFd", "through a pipe")
                .containsEntry("pipe", "out of a pipe")
                .containsEntry("sizes", -1L)
                .containsEntry("level", expectedLevel)
                .containsEntry("note", Variant.of("s", "memo " + n));
        assertThat(results.get("swap")).hasToString("SwapResult[second=4000000000, first=left]");
        assertThat(results.get("lookup")).hasToString("LookupTable[field0=3, field1=4]");
        assertThat(results.get("shelf")).hasToString("StockedItem[field0=top, field1=4000000000]");
        assertThat(results.get("stocked")).hasToString("Stocked[item=StockedItem[field0=jam, field1=7], total=8]");
        assertThat(results.get("fired")).hasToString("Fired[text=whoosh (no reply expected)]");
        assertThat(level).hasValue(expectedLevel);
    }

    /** The service side of {@code org.jitney.test.Kitchen}, and of its properties. */
    @SuppressWarnings("unchecked")
    private static Message kitchen(BlockingConnection conn, Message call) {
        List<Object> a = call.body();
        if (PROPERTIES.equals(call.interfaceName())) {
            return properties(call, a);
        }
        return switch (call.member()) {
            case "Add" -> Messages.newMethodReturn(call, "i", (Integer) a.get(0) + (Integer) a.get(1));
            case "Describe" -> {
                var item = (Struct) a.getFirst();
                var props = new TreeMap<String, Object>();
                ((Map<String, Variant>) item.get(2)).forEach((k, v) -> props.put(k, v.value()));
                yield Messages.newMethodReturn(call, "s", item.get(0) + " x" + item.get(1) + " " + props);
            }
            case "Swap" -> Messages.newMethodReturn(call, "us", a.get(1), a.get(0));
            case "Lookup" -> Messages.newMethodReturn(call, "(ii)", ((Map<String, Struct>) a.get(0)).get((String) a.get(1)));
            case "Wrap" -> Messages.newMethodReturn(call, "v", new Variant(Signature.of("v"), a.getFirst()));
            case "ReadFd" -> {
                try (InputStream in = ((UnixFd) a.getFirst()).toInputStream()) {
                    yield Messages.newMethodReturn(call, "s", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "Pipe" -> { // the read end goes to the caller; TestService closes ours once sent
                try {
                    var pipe = UnixFd.pipe();
                    try (OutputStream w = pipe.writeEnd().toOutputStream()) {
                        w.write(((String) a.getFirst()).getBytes(StandardCharsets.UTF_8));
                    }
                    yield Messages.newMethodReturn(call, "h", pipe.readEnd());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "Sizes" -> Messages.newMethodReturn(call, "t",
                    ((List<Long>) a.getFirst()).stream().mapToLong(Long::longValue).sum());
            case "Stock" -> {
                long count = (Long) a.get(1);
                conn.send(Messages.newSignal(KITCHEN, "Stocked", "(su)u", Struct.of(a.get(0), count), count + 1));
                yield Messages.newMethodReturn(call, "");
            }
            case "Fire" -> {
                String how = call.hasFlag(MessageFlag.NO_REPLY_EXPECTED) ? " (no reply expected)"
                        : " (a reply was expected)";
                conn.send(Messages.newSignal(KITCHEN, "Fired", "s", a.getFirst() + how));
                yield null;
            }
            default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", call.member());
        };
    }

    /**
     * {@code org.freedesktop.DBus.Properties} for the kitchen: {@code Level} (u, read-write),
     * {@code Shelf} ((su), read-only) and {@code Note} (v, read-write). As sd-bus does, the variant
     * of Get and Set holds the property's value with the property's type: for {@code Note} a
     * variant in the variant; Set with any other type is refused.
     */
    private static Message properties(Message call, List<Object> a) {
        if (!NAME.equals(a.getFirst())) {
            return Messages.newError(call, "org.freedesktop.DBus.Error.UnknownInterface", String.valueOf(a.getFirst()));
        }
        Variant levelValue = Variant.of("u", level.get());
        Variant shelf = Variant.of("(su)", Struct.of("top", 4_000_000_000L));
        Variant noteValue = Variant.of("v", note.get());
        return switch (call.member()) {
            case "Get" -> switch ((String) a.get(1)) {
                case "Level" -> Messages.newMethodReturn(call, "v", levelValue);
                case "Shelf" -> Messages.newMethodReturn(call, "v", shelf);
                case "Note" -> Messages.newMethodReturn(call, "v", noteValue);
                default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownProperty", (String) a.get(1));
            };
            case "GetAll" -> Messages.newMethodReturn(call, "a{sv}", Map.of("Level", levelValue, "Shelf", shelf,
                    "Note", noteValue));
            case "Set" -> switch ((String) a.get(1)) {
                case "Level" -> {
                    level.set((Long) ((Variant) a.get(2)).value());
                    yield Messages.newMethodReturn(call, "");
                }
                case "Note" -> {
                    var value = (Variant) a.get(2);
                    if (!value.signature().toString().equals("v")) {
                        yield Messages.newError(call, "org.freedesktop.DBus.Error.InvalidArgs",
                                "Note has type 'v', not '" + value.signature() + "'");
                    }
                    note.set((Variant) value.value());
                    yield Messages.newMethodReturn(call, "");
                }
                case "Shelf" -> Messages.newError(call, "org.freedesktop.DBus.Error.PropertyReadOnly", "Shelf");
                default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownProperty", (String) a.get(1));
            };
            default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", call.member());
        };
    }
}
