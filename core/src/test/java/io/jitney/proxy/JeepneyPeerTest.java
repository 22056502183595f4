package io.jitney.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.DBusErrorException;
import io.jitney.errors.UnknownPropertyException;
import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Typed and generic proxies against a service written with Python's jeepney (skipped without it). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JeepneyPeerTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(10);
    static final String NAME = "org.example.Jeepney";
    static final String PATH = "/org/example/Jeepney";
    static Process service;

    @DBusInterface("org.example.Jeepney")
    interface JeepneyApi {
        record Point(int x, int y) {}

        record Shape(String name, Point origin, List<Point> corners) {}

        record Triple(String s, @DBusType("q") int q, byte[] bytes) {}

        @DBusMethod(name = "Echo")
        Shape echoShape(Shape shape);

        @DBusMethod(name = "Echo")
        Map<String, Variant> echoDict(Map<String, Variant> dict);

        @DBusMethod(name = "Echo")
        Variant echoVariant(Variant v);

        @DBusMethod(name = "Echo")
        @DBusType("at")
        long[] echoUnsigned(@DBusType("at") long[] values);

        @DBusMethod(name = "Echo", out = "sqay")
        Triple echoMany(String s, @DBusType("q") int q, byte[] bytes);

        @DBusMethod(name = "Echo")
        @DBusType("a{uas}")
        CompletableFuture<Map<Long, List<String>>> echoLater(@DBusType("a{uas}") Map<Long, List<String>> m);

        void fail() throws Oops;

        void emit(String text);

        @DBusSignal("Said")
        record Said(String text) {}

        @DBusProperty("Version")
        @DBusType("u")
        long version();

        @DBusProperty("Missing")
        String missing();
    }

    @DBusError("org.example.Jeepney.Error.Oops")
    static final class Oops extends DBusErrorException {
        private static final long serialVersionUID = 1L;

        Oops(String errorName, String errorText, Message reply) {
            super(errorName, errorText, reply);
        }
    }

    static final class JeepneyGenerator extends MessageGenerator {
        JeepneyGenerator() {
            super(new DBusAddress(PATH, NAME, "org.example.Jeepney"));
        }

        Message echo(String signature, Object... args) {
            return newMethodCall("Echo", signature, args);
        }
    }

    @BeforeAll
    static void startService() throws Exception {
        Peers.assumeAvailable(Peers.Peer.JEEPNEY);
        Path script = Files.createTempFile("jeepney_service", ".py");
        try (var in = JeepneyPeerTest.class.getResourceAsStream("jeepney_service.py")) {
            Files.write(script, in.readAllBytes());
        }
        script.toFile().deleteOnExit();
        service = new ProcessBuilder(Peers.executable(Peers.Peer.JEEPNEY).orElseThrow().toString(), script.toString(),
                bus.unixPathAddress()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
        var ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(ready.get(20, TimeUnit.SECONDS)).isEqualTo("ready");
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.destroy();
            service.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void exercise(JeepneyApi api) throws Exception {
        var shape = new JeepneyApi.Shape("square", new JeepneyApi.Point(0, -1),
                List.of(new JeepneyApi.Point(1, 2), new JeepneyApi.Point(3, 4)));
        assertThat(api.echoShape(shape)).isEqualTo(shape);
        var dict = Map.of("n", Variant.of("u", 4294967295L), "list", Variant.of("a(ii)", List.of(Struct.of(1, 2))));
        assertThat(api.echoDict(dict)).isEqualTo(dict);
        assertThat(api.echoVariant(Variant.of("v", Variant.of("s", "deep")))).isEqualTo(Variant.of("v",
                Variant.of("s", "deep")));
        assertThat(api.echoUnsigned(new long[] {-1L, 0, 42})).containsExactly(-1L, 0, 42);
        var triple = api.echoMany("s", 65535, new byte[] {0, -1});
        assertThat(triple.s()).isEqualTo("s");
        assertThat(triple.q()).isEqualTo(65535);
        assertThat(triple.bytes()).containsExactly(0, -1);
        assertThat(api.echoLater(Map.of(4000000000L, List.of("x"))).get(10, TimeUnit.SECONDS))
                .isEqualTo(Map.of(4000000000L, List.of("x")));
        assertThat(api.version()).isEqualTo(7L);
        assertThatThrownBy(api::missing).isInstanceOf(UnknownPropertyException.class);
        assertThatThrownBy(api::fail).isInstanceOf(Oops.class).hasMessage("org.example.Jeepney.Error.Oops: oops");
    }

    @Test
    void blocking() throws Exception {
        try (var conn = BlockingConnection.open(bus.unixPathAddress())) {
            JeepneyApi api = TypedProxies.create(JeepneyApi.class, conn, NAME, PATH);
            exercise(api);
            try (var said = TypedProxy.of(api).queue(JeepneyApi.Said.class, 4)) {
                api.emit("hello");
                assertThat(said.receive(T)).isEqualTo(new JeepneyApi.Said("hello"));
            }
            var generic = new BlockingProxy<>(new JeepneyGenerator(), conn, T);
            assertThat(generic.call(g -> g.echo("(sv)", Struct.of("k", Variant.of("b", true)))))
                    .containsExactly(Struct.of("k", Variant.of("b", true)));
            assertThat(generic.getProperty("Version")).isEqualTo(7L);
        }
    }

    @Test
    void threaded() throws Exception {
        try (var router = ThreadedRouter.open(bus.unixPathAddress())) {
            JeepneyApi api = TypedProxies.create(JeepneyApi.class, router, NAME, PATH);
            exercise(api);
            var said = new ArrayBlockingQueue<JeepneyApi.Said>(4);
            try (var s = TypedProxy.of(api).subscribe(JeepneyApi.Said.class, said::add)) {
                api.emit("threaded");
                assertThat(said.poll(10, TimeUnit.SECONDS)).isEqualTo(new JeepneyApi.Said("threaded"));
                assertThat(s.dropped()).isZero();
            }
            assertThat(new ThreadedProxy<>(new JeepneyGenerator(), router).call(g -> g.echo("ai", new int[] {1, 2})))
                    .containsExactly(List.of(1, 2));
        }
    }

    @Test
    void async() throws Exception {
        try (var router = AsyncRouter.open(bus.unixPathAddress()).get(10, TimeUnit.SECONDS)) {
            JeepneyApi api = TypedProxies.create(JeepneyApi.class, router, NAME, PATH);
            exercise(api);
            var said = new ArrayBlockingQueue<JeepneyApi.Said>(4);
            try (var s = TypedProxy.of(api).subscribe(JeepneyApi.Said.class, said::add)) {
                s.ready().get(10, TimeUnit.SECONDS);
                api.emit("async");
                assertThat(said.poll(10, TimeUnit.SECONDS)).isEqualTo(new JeepneyApi.Said("async"));
            }
            assertThat(new AsyncProxy<>(new JeepneyGenerator(), router).call(g -> g.echo("as", List.of("j")))
                    .get(10, TimeUnit.SECONDS)).containsExactly(List.of("j"));
        }
    }
}
