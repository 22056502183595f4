package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.io.ConnectionOptions;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compile and run, whatever the service: the code bindgen generates for {@code kitchen.xml} is
 * compiled in the test together with drivers written against it ({@code drivers/Kitchen*.java}),
 * as user code would be, and the drivers call the service a subclass runs on a private
 * dbus-daemon: struct, dict, variant, unsigned and fd arguments, an fd reply, a multi-value reply,
 * a NoReply method, read-write, struct and variant properties, and two signals. They go
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
 *     {@code Mono} interfaces); signals as the generated records through {@code TypedProxy}
 *     ({@code KitchenTypedProxies}).
 * </ul>
 * Every connection asks for fd passing. The service owns {@code org.jitney.test.Kitchen} and
 * serves {@code /org/jitney/Kitchen}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class KitchenCompileAndRun {
    static final String NAME = "org.jitney.test.Kitchen";

    @TempDir
    static Path out;

    private static URLClassLoader loader;

    /** The address of the private bus the kitchen service is on. */
    abstract String address();

    /** Checks, where the test can see it, that the service holds {@code level} now. */
    void assertServiceLevel(long level) {}

    /** A new instance of a driver, the generated code and the drivers compiled on first use. */
    @SuppressWarnings("unchecked")
    static synchronized <T> T driver(String simpleName) throws ReflectiveOperationException {
        if (loader == null) {
            Bindgen.Result generated = Bindgen.fromXml(Fixtures.path("kitchen.xml"))
                    .packageName("org.example.kitchen").generate();
            Javac.assertCompiles(generated.files(), Map.of(
                    "org.example.kitchen.KitchenDriver", Resources.text("/drivers/KitchenDriver.java"),
                    "org.example.kitchen.KitchenGenericProxies", Resources.text("/drivers/KitchenGenericProxies.java"),
                    "org.example.kitchen.KitchenTypedProxies", Resources.text("/drivers/KitchenTypedProxies.java")),
                    Javac.classpathOf("io.jitney.reactor.ReactorRouter", "reactor.core.publisher.Mono",
                            "org.reactivestreams.Publisher"),
                    out);
            loader = Javac.loader(out);
        }
        return (T) loader.loadClass("org.example.kitchen." + simpleName).getConstructor().newInstance();
    }

    @AfterAll
    static synchronized void closeLoader() throws IOException {
        if (loader != null) {
            loader.close();
            loader = null;
        }
    }

    @Test
    void theGeneratedMessageGeneratorCallsARealService() throws Exception {
        try (var conn = BlockingConnection.open(address(), ConnectionOptions.defaults().withUnixFds(true));
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
        Map<String, Object> results = driver.apply(address(), proxy);

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
        assertServiceLevel(expectedLevel);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BlockingConnection", "ThreadedRouter", "AsyncRouter", "ReactorRouter"})
    void theGeneratedTypedInterfaceThroughEachIntegration(String integration) throws Exception {
        BiFunction<String, String, Map<String, Object>> driver = driver("KitchenTypedProxies");
        Map<String, Object> results = driver.apply(address(), integration);

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
        assertServiceLevel(expectedLevel);
    }
}
