package io.jitney.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.DBusErrorException;
import io.jitney.bus.MessageBus;
import io.jitney.errors.NameHasNoOwnerException;
import io.jitney.errors.PropertyReadOnlyException;
import io.jitney.errors.ServiceUnknownException;
import io.jitney.errors.UnknownPropertyException;
import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.Message;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.ExampleGenerator;
import io.jitney.testing.ExampleService;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's proxies: a message generator sent through each integration. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GenericProxiesTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(10);
    static ExampleService service;
    static final ExampleGenerator example = new ExampleGenerator(ExampleService.NAME);

    @BeforeAll
    static void startService() throws Exception {
        service = new ExampleService(bus.unixPathAddress());
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void blocking() throws Exception {
        try (var conn = BlockingConnection.open(bus.unixPathAddress())) {
            var proxy = new BlockingProxy<>(example, conn, T);
            assertThat(proxy.call(g -> g.primitives((byte) 1, false, (short) 2, 3, 4, 5L, 6L, 7L, 8.0)))
                    .containsExactly((byte) 1, false, (short) 2, 3, 4, 5L, 6L, 7L, 8.0);
            assertThat(proxy.call(g -> g.swap(List.of("a", List.of(1, 2)))))
                    .containsExactly(Struct.of(Struct.of(1, 2), "a"));
            assertThat(proxy.call(g -> g.divMod(7, 2))).containsExactly(3, 1);
            assertThat(proxy.call(g -> g.hints(Map.of()))).containsExactly(Map.of("seen", Variant.of("u", 0L)));
            assertThat(proxy.getProperty("Count")).isEqualTo(42L);
            assertThat(proxy.getAllProperties()).containsKeys("Name", "Count", "Tags");
            try (var pinged = proxy.subscribe("Pinged", 4)) {
                proxy.setProperty("Name", Variant.of("s", "blocking"));
                assertThat(proxy.getProperty("Name")).isEqualTo("blocking");
                assertThat(proxy.call(g -> g.poke("poked"))).isEmpty(); // sent without reply
                assertThat(conn.receive(pinged, T).body()).containsExactly("poked", 0L);
            }
            assertThatThrownBy(() -> proxy.setProperty("Count", Variant.of("u", 1L)))
                    .isInstanceOf(PropertyReadOnlyException.class);
            assertThatThrownBy(() -> proxy.getProperty("Nope")).isInstanceOf(UnknownPropertyException.class);
            assertThatThrownBy(() -> proxy.call(g -> g.fail("org.example.Error.X", "x")))
                    .isExactlyInstanceOf(DBusErrorException.class).hasMessage("org.example.Error.X: x");
            assertThatThrownBy(() -> new BlockingProxy<>(new ExampleGenerator("org.example.Nobody"), conn)
                    .call(g -> g.divMod(1, 1))).isInstanceOf(ServiceUnknownException.class);
            var busProxy = new BlockingProxy<>(new MessageBus(), conn);
            assertThat(busProxy.call(MessageBus::listNames).getFirst())
                    .asInstanceOf(InstanceOfAssertFactories.LIST).contains(ExampleService.NAME);
            assertThatThrownBy(() -> busProxy.call(b -> b.getNameOwner("org.example.Nobody")))
                    .isInstanceOf(NameHasNoOwnerException.class);
            service.reset();
        }
    }

    @Test
    void threaded() throws Exception {
        try (var router = ThreadedRouter.open(bus.unixPathAddress())) {
            var proxy = new ThreadedProxy<>(example, router);
            assertThat(proxy.call(g -> g.strings("s", "/o", "g"))).containsExactly("s|/o|g");
            assertThat(proxy.withTimeout(T).call(g -> g.reverse(new byte[] {1, 2})).getFirst())
                    .isEqualTo(new byte[] {2, 1});
            assertThat(proxy.getProperty("Tags")).isEqualTo(List.of("a", "b"));
            var signals = new ArrayBlockingQueue<Message>(4);
            try (var handler = proxy.onSignal("Pinged", 4, signals::add); var filter = proxy.subscribe("Pinged", 4)) {
                assertThat(handler.ready()).isDone();
                proxy.call(g -> g.emit("emitted", 3));
                assertThat(signals.poll(10, TimeUnit.SECONDS).body()).containsExactly("emitted", 3L);
                assertThat(filter.receive(T).body()).containsExactly("emitted", 3L);
            }
            assertThatThrownBy(() -> new ThreadedProxy<>(new ExampleGenerator("org.example.Nobody"), router)
                    .call(g -> g.divMod(1, 1))).isInstanceOf(ServiceUnknownException.class);
        }
    }

    @Test
    void async() throws Exception {
        try (var router = get(AsyncRouter.open(bus.unixPathAddress()))) {
            var proxy = new AsyncProxy<>(example, router);
            assertThat(get(proxy.call(g -> g.sort(List.of("b", "a"))))).containsExactly(List.of("a", "b"));
            assertThat(get(proxy.call(g -> g.identity(Variant.of("i", 5))))).containsExactly(Variant.of("i", 5));
            assertThat(get(proxy.withTimeout(T).getProperty("Count"))).isEqualTo(42L);
            var signals = new ArrayBlockingQueue<Message>(4);
            var subscribed = new CompletableFuture<Flow.Subscription>();
            proxy.subscribe("Pinged", 4).subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                    subscribed.complete(s);
                }

                @Override
                public void onNext(Message m) {
                    signals.add(m);
                }

                @Override
                public void onError(Throwable e) {
                    subscribed.completeExceptionally(e);
                }

                @Override
                public void onComplete() {}
            });
            Flow.Subscription s = get(subscribed);
            get(proxy.setProperty("Tags", Variant.of("as", List.of("z"))));
            assertThat(get(proxy.getAllProperties())).containsEntry("Tags", Variant.of("as", List.of("z")));
            get(proxy.call(g -> g.poke("async")));
            assertThat(signals.poll(10, TimeUnit.SECONDS).body()).containsExactly("async", 0L);
            s.cancel();
            assertThatThrownBy(() -> get(new AsyncProxy<>(new ExampleGenerator("org.example.Nobody"), router)
                    .call(g -> g.divMod(1, 1)))).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ServiceUnknownException.class);
            service.reset();
        }
    }
}
