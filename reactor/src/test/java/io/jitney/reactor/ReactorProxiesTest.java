package io.jitney.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.errors.ServiceUnknownException;
import io.jitney.errors.UnknownMethodException;
import io.jitney.proxy.DBusInterface;
import io.jitney.proxy.DBusMethod;
import io.jitney.proxy.DBusProperty;
import io.jitney.proxy.DBusType;
import io.jitney.proxy.PropertiesChanged;
import io.jitney.proxy.TypedProxies;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.ExampleApi;
import io.jitney.testing.ExampleApi.Pair;
import io.jitney.testing.ExampleApi.Pinged;
import io.jitney.testing.ExampleApi.Point;
import io.jitney.testing.ExampleApi.QuotientRemainder;
import io.jitney.testing.ExampleApi.Swapped;
import io.jitney.testing.ExampleGenerator;
import io.jitney.testing.ExampleService;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/** ReactorProxy and typed interfaces with Mono, against ExampleService on a private dbus-daemon. */
class ReactorProxiesTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(10);
    static ExampleService service;

    @BeforeAll
    static void startService() throws Exception {
        service = new ExampleService(bus.unixPathAddress());
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    /** The service's interface, the reactive way. */
    @DBusInterface(ExampleService.INTERFACE)
    interface ReactiveExample {
        @DBusMethod(out = "ii")
        Mono<QuotientRemainder> divMod(int dividend, int divisor);

        Mono<Swapped> swap(Pair pair);

        @DBusType("t")
        Mono<Long> sum(@DBusType("au") long[] values);

        Mono<Void> emit(String message, @DBusType("u") long count);

        Mono<Void> fail(String name, String text) throws ExampleApi.Custom;

        @DBusProperty("Name")
        Mono<String> name();

        @DBusProperty("Name")
        Mono<Void> name(String name);

        Mono<Void> missing();

        /** A blocking method on the same proxy. */
        List<String> sort(List<String> strings);
    }

    @Test
    void genericProxyWithMonos() {
        try (var router = ReactorRouter.open(bus.unixPathAddress()).block(T)) {
            var proxy = new ReactorProxy<>(new ExampleGenerator(ExampleService.NAME), router);
            assertThat(proxy.call(g -> g.divMod(7, 3)).block(T)).containsExactly(2, 1);
            assertThat(proxy.getProperty("Count").block(T)).isEqualTo(42L);
            assertThat(proxy.getAllProperties().block(T)).containsKey("Tags");
            var pinged = proxy.signals("Pinged", 4).next().toFuture();
            // the Flux holds the bus match once subscribed: emit until the signal comes
            var signal = Mono.delay(Duration.ofMillis(20)).then(proxy.call(g -> g.emit("reactor", 2))).repeat(250)
                    .takeUntilOther(Mono.fromFuture(pinged)).then(Mono.fromFuture(pinged)).block(T);
            assertThat(signal.body()).containsExactly("reactor", 2L);
            assertThat(proxy.setProperty("Name", Variant.of("s", "r")).then(proxy.getProperty("Name")).block(T))
                    .isEqualTo("r");
            assertThatThrownBy(() -> new ReactorProxy<>(new ExampleGenerator("org.example.Nobody"), router)
                    .call(g -> g.divMod(1, 1)).block(T)).isInstanceOf(ServiceUnknownException.class);
            service.reset();
        }
    }

    @Test
    void typedProxyWithMonos() {
        try (var router = ReactorRouter.open(bus.unixPathAddress()).block(T)) {
            ReactiveExample api = ReactorTypedProxies.create(ReactiveExample.class, router, ExampleService.NAME,
                    ExampleService.PATH);
            Mono<QuotientRemainder> lazy = api.divMod(17, 5);
            assertThat(lazy.block(T)).isEqualTo(new QuotientRemainder(3, 2));
            assertThat(lazy.block(T)).isEqualTo(new QuotientRemainder(3, 2)); // sent again
            assertThat(api.swap(new Pair("m", new Point(5, 6))).block(T)).isEqualTo(new Swapped(new Point(5, 6), "m"));
            assertThat(api.sum(new long[] {1, 2, 4294967295L}).block(T)).isEqualTo(4294967298L);
            assertThat(api.sort(List.of("b", "a"))).containsExactly("a", "b");
            assertThat(api.name("reactive").then(api.name()).block(T)).isEqualTo("reactive");

            var signals = ReactorTypedProxies.signals(api, Pinged.class, 8).take(2).collectList().toFuture();
            var changes = ReactorTypedProxies.propertiesChanged(api, 8).next().toFuture();
            AtomicInteger round = new AtomicInteger();
            // keep emitting until both subscriptions have their bus matches and have seen something
            Mono.delay(Duration.ofMillis(20))
                    .then(Mono.defer(() -> api.emit("m" + round.incrementAndGet(), 1).then(api.name("n" + round.get()))))
                    .repeat(250).takeUntilOther(Mono.fromFuture(signals).zipWith(Mono.fromFuture(changes)))
                    .blockLast(T);
            assertThat(signals.join()).hasSize(2).allSatisfy(p -> assertThat(p.count()).isEqualTo(1L));
            PropertiesChanged changed = changes.join();
            assertThat(changed.interfaceName()).isEqualTo(ExampleService.INTERFACE);
            assertThat(changed.changed()).containsOnlyKeys("Name");

            assertThatThrownBy(() -> api.fail("org.example.Jitney.Error.Custom", "m").block(T))
                    .isInstanceOf(ExampleApi.Custom.class);
            assertThatThrownBy(() -> api.missing().block(T)).isInstanceOf(UnknownMethodException.class);
            ReactiveExample nobody = ReactorTypedProxies.create(ReactiveExample.class, router, "org.example.Nobody",
                    ExampleService.PATH, T);
            assertThatThrownBy(() -> nobody.divMod(1, 1).block(T)).isInstanceOf(ServiceUnknownException.class);
            service.reset();
        }
    }

    @DBusInterface("org.example.Broken")
    interface MonoOfInt {
        @DBusType("u")
        Mono<Integer> count();
    }

    @Test
    void monoNeedsTheAdapterAndItsValueTypeIsChecked() {
        ReactorTypedProxies.validate(ReactiveExample.class);
        assertThatThrownBy(() -> TypedProxies.validate(ReactiveExample.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Mono");
        assertThatThrownBy(() -> ReactorTypedProxies.validate(MonoOfInt.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MonoOfInt.count()").hasMessageContaining("Integer cannot carry D-Bus type 'u'");
    }
}
