package io.jitney.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.DBusErrorException;
import io.jitney.errors.InvalidArgsException;
import io.jitney.errors.PropertyReadOnlyException;
import io.jitney.errors.ServiceUnknownException;
import io.jitney.errors.UnknownMethodException;
import io.jitney.errors.UnknownPropertyException;
import io.jitney.io.ConnectionOptions;
import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.ExampleApi;
import io.jitney.testing.ExampleApi.Pair;
import io.jitney.testing.ExampleApi.Pinged;
import io.jitney.testing.ExampleApi.Point;
import io.jitney.testing.ExampleApi.Swapped;
import io.jitney.testing.ExampleService;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Typed proxies over each integration, against {@link ExampleService} on a private dbus-daemon. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TypedProxiesTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(10);
    static final ConnectionOptions FDS = ConnectionOptions.defaults().withUnixFds(true);
    static ExampleService service;

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

    /** One open connection or router of an integration, and typed proxies over it. */
    enum Integration {
        BLOCKING, THREADED, ASYNC;

        Opened open() throws Exception {
            return switch (this) {
                case BLOCKING -> {
                    var c = BlockingConnection.open(bus.unixPathAddress(), FDS);
                    yield new Opened(c::close, new TypedFactory() {
                        @Override
                        public <T> T create(Class<T> type, String name, String path) {
                            return TypedProxies.create(type, c, name, path);
                        }
                    });
                }
                case THREADED -> {
                    var r = ThreadedRouter.open(bus.unixPathAddress(), FDS);
                    yield new Opened(r::close, new TypedFactory() {
                        @Override
                        public <T> T create(Class<T> type, String name, String path) {
                            return TypedProxies.create(type, r, name, path);
                        }
                    });
                }
                case ASYNC -> {
                    var r = AsyncRouter.open(bus.unixPathAddress(), FDS).get(10, TimeUnit.SECONDS);
                    yield new Opened(r::close, new TypedFactory() {
                        @Override
                        public <T> T create(Class<T> type, String name, String path) {
                            return TypedProxies.create(type, r, name, path);
                        }
                    });
                }
            };
        }
    }

    interface TypedFactory {
        <T> T create(Class<T> type, String name, String path);
    }

    record Opened(Runnable closer, TypedFactory factory) implements AutoCloseable {
        ExampleApi example() {
            return factory.create(ExampleApi.class, ExampleService.NAME, ExampleService.PATH);
        }

        @Override
        public void close() {
            closer.run();
        }
    }

    @ParameterizedTest
    @EnumSource(Integration.class)
    void methodsWithEveryKindOfValue(Integration integration) throws Exception {
        try (var opened = integration.open()) {
            ExampleApi api = opened.example();
            var p = api.primitives((byte) -1, true, (short) -2, 65535, -3, 4294967295L, Long.MIN_VALUE, -1L, 2.5);
            assertThat(p).isEqualTo(new ExampleApi.Primitives((byte) -1, true, (short) -2, 65535, -3, 4294967295L,
                    Long.MIN_VALUE, -1L, 2.5));
            assertThat(api.strings("s", new ObjectPath("/a/b"), Signature.of("a{sv}"))).isEqualTo("s|/a/b|a{sv}");
            assertThat(api.reverse(new byte[] {1, 2, 3})).containsExactly(3, 2, 1);
            assertThat(api.sort(List.of("c", "a", "b"))).containsExactly("a", "b", "c");
            assertThat(api.hints(Map.of("x", Variant.of("s", "y"))))
                    .containsExactly(Map.entry("x", Variant.of("s", "y")), Map.entry("seen", Variant.of("u", 1L)));
            assertThat(api.swap(new Pair("p", new Point(1, -2)))).isEqualTo(new Swapped(new Point(1, -2), "p"));
            assertThat(api.divMod(17, 5)).isEqualTo(new ExampleApi.QuotientRemainder(3, 2));
            assertThat(api.identity(Variant.of("(iu)", List.of(1, 2L)))).isEqualTo(Variant.of("(iu)",
                    io.jitney.wire.Struct.of(1, 2L)));
            assertThat(api.sum(new long[] {4294967295L, 4294967295L, 2})).isEqualTo(8589934592L);
            assertThat(api.shout("quiet")).isEqualTo("QUIET");
            try (UnixFd copy = api.fd(2)) { // our stderr, received as a descriptor of our own
                assertThat(copy.isOpen()).isTrue();
                assertThat(copy.fd()).isNotEqualTo(2);
            }
            assertThat(api.divModAsync(9, 4).get(10, TimeUnit.SECONDS)).isEqualTo(new ExampleApi.QuotientRemainder(2, 1));
            assertThat(api.swapAsync(new Pair("q", new Point(3, 4))).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new Swapped(new Point(3, 4), "q"));
        }
    }

    @ParameterizedTest
    @EnumSource(Integration.class)
    void propertiesAndPropertiesChanged(Integration integration) throws Exception {
        try (var opened = integration.open()) {
            ExampleApi api = opened.example();
            var typed = TypedProxy.of(api);
            var changes = new ArrayBlockingQueue<PropertiesChanged>(10);
            SignalQueue<PropertiesChanged> queue = null;
            SignalSubscription subscription = null;
            if (integration == Integration.BLOCKING) {
                queue = typed.propertiesChangedQueue(10);
            } else {
                subscription = typed.onPropertiesChanged(changes::add);
                subscription.ready().get(10, TimeUnit.SECONDS);
            }
            assertThat(api.getCount()).isEqualTo(42L);
            api.setName("renamed-" + integration);
            assertThat(api.getName()).isEqualTo("renamed-" + integration);
            assertThat(api.nameAsync().get(10, TimeUnit.SECONDS)).isEqualTo("renamed-" + integration);
            api.setTags(List.of("x"));
            assertThat(api.getTags()).containsExactly("x");
            PropertiesChanged first = queue != null ? queue.receive(T) : changes.poll(10, TimeUnit.SECONDS);
            assertThat(first).isEqualTo(new PropertiesChanged(ExampleService.INTERFACE,
                    Map.of("Name", Variant.of("s", "renamed-" + integration)), List.of()));
            PropertiesChanged second = queue != null ? queue.receive(T) : changes.poll(10, TimeUnit.SECONDS);
            assertThat(second.changed()).containsExactly(Map.entry("Tags", Variant.of("as", List.of("x"))));
            assertThatThrownBy(() -> api.setCount(1)).isInstanceOf(PropertyReadOnlyException.class);
            if (queue != null) {
                queue.close();
            } else {
                subscription.close();
            }
            service.reset();
        }
    }

    @ParameterizedTest
    @EnumSource(Integration.class)
    void signalsAsRecords(Integration integration) throws Exception {
        try (var opened = integration.open()) {
            ExampleApi api = opened.example();
            var typed = TypedProxy.of(api);
            var received = new ArrayList<Pinged>();
            switch (integration) {
                case BLOCKING -> {
                    assertThatThrownBy(() -> typed.subscribe(Pinged.class, received::add))
                            .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("queue");
                    try (var queue = typed.queue(Pinged.class, 10)) {
                        api.emit("one", 1);
                        api.poke("two");
                        received.add(queue.receive(T));
                        received.add(queue.receive(T));
                        assertThat(queue.poll()).isNull();
                    }
                }
                case THREADED -> {
                    var handled = new ArrayBlockingQueue<Pinged>(10);
                    try (var s = typed.subscribe(Pinged.class, handled::add); var queue = typed.queue(Pinged.class, 10)) {
                        api.emit("one", 1);
                        api.poke("two");
                        received.add(handled.poll(10, TimeUnit.SECONDS));
                        received.add(handled.poll(10, TimeUnit.SECONDS));
                        assertThat(queue.receive(T)).isEqualTo(new Pinged("one", 1));
                        assertThat(s.dropped()).isZero();
                    }
                }
                case ASYNC -> {
                    var handled = new ArrayBlockingQueue<Pinged>(10);
                    var published = new ArrayBlockingQueue<Pinged>(10);
                    var subscribed = new CompletableFuture<Void>();
                    typed.signals(Pinged.class, 10).subscribe(collect(published, subscribed));
                    try (var s = typed.subscribe(Pinged.class, handled::add)) {
                        s.ready().get(10, TimeUnit.SECONDS);
                        subscribed.get(10, TimeUnit.SECONDS);
                        api.emit("one", 1);
                        api.poke("two");
                        received.add(handled.poll(10, TimeUnit.SECONDS));
                        received.add(handled.poll(10, TimeUnit.SECONDS));
                        assertThat(published.poll(10, TimeUnit.SECONDS)).isEqualTo(new Pinged("one", 1));
                        assertThat(published.poll(10, TimeUnit.SECONDS)).isEqualTo(new Pinged("two", 0));
                    }
                    assertThatThrownBy(() -> typed.queue(Pinged.class, 1)).isInstanceOf(UnsupportedOperationException.class);
                }
            }
            assertThat(received).containsExactly(new Pinged("one", 1), new Pinged("two", 0));
        }
    }

    static Flow.Subscriber<Pinged> collect(BlockingQueue<Pinged> into, CompletableFuture<Void> subscribed) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
                subscribed.complete(null);
            }

            @Override
            public void onNext(Pinged item) {
                into.add(item);
            }

            @Override
            public void onError(Throwable e) {
                subscribed.completeExceptionally(e);
            }

            @Override
            public void onComplete() {}
        };
    }

    @ParameterizedTest
    @EnumSource(Integration.class)
    void errorsAsTheirOwnTypes(Integration integration) throws Exception {
        try (var opened = integration.open()) {
            ExampleApi api = opened.example();
            assertThatThrownBy(() -> api.fail("org.example.Jitney.Error.Custom", "as asked"))
                    .isInstanceOf(ExampleApi.Custom.class).hasMessage("org.example.Jitney.Error.Custom: as asked");
            assertThatThrownBy(() -> api.fail("org.freedesktop.DBus.Error.InvalidArgs", "bad"))
                    .isInstanceOf(InvalidArgsException.class);
            assertThatThrownBy(() -> api.fail("org.example.Other", "other"))
                    .isExactlyInstanceOf(DBusErrorException.class)
                    .extracting(e -> ((DBusErrorException) e).errorName()).isEqualTo("org.example.Other");
            assertThatThrownBy(() -> api.failAsync("org.example.Jitney.Error.Custom", "later").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ExampleApi.Custom.class);

            ExampleApi nobody = opened.factory().create(ExampleApi.class, "org.example.Nobody", ExampleService.PATH);
            assertThatThrownBy(() -> nobody.sort(List.of())).isInstanceOf(ServiceUnknownException.class)
                    .extracting(e -> ((DBusErrorException) e).errorName())
                    .isEqualTo("org.freedesktop.DBus.Error.ServiceUnknown");
            assertThatThrownBy(() -> nobody.divModAsync(1, 1).get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ServiceUnknownException.class);

            Unknown unknown = opened.factory().create(Unknown.class, ExampleService.NAME, ExampleService.PATH);
            assertThatThrownBy(unknown::missing).isInstanceOf(UnknownMethodException.class);
            assertThatThrownBy(unknown::getMissing).isInstanceOf(UnknownPropertyException.class);
        }
    }

    @DBusInterface(ExampleService.INTERFACE)
    interface Unknown {
        void missing();

        @DBusProperty("Missing")
        String getMissing();
    }

    @Test
    void objectMethodsDescribeTheProxyAndCompareByIdentity() throws Exception {
        try (var opened = Integration.BLOCKING.open()) {
            ExampleApi a = opened.example();
            ExampleApi b = opened.example();
            assertThat(a.toString()).contains("ExampleApi", ExampleService.NAME, ExampleService.PATH, "blocking");
            assertThat(a).isEqualTo(a).isNotEqualTo(b);
            assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
            assertThat(TypedProxy.of(a).address().interfaceName()).isEqualTo(ExampleService.INTERFACE);
            assertThat(TypedProxy.of(a).proxy()).isSameAs(a);
            assertThatThrownBy(() -> TypedProxy.of((Object) "not a proxy")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aBrokenInterfaceFailsAtCreateNotAtTheFirstCall() throws Exception {
        try (var opened = Integration.THREADED.open()) {
            assertThatThrownBy(() -> opened.factory().create(TypedInterfaceValidationTest.IntForUint64.class,
                    ExampleService.NAME, ExampleService.PATH))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IntForUint64.size()");
        }
    }

    @Test
    void nullArgumentsAndOutOfRangeValuesAreRefusedBeforeSending() throws Exception {
        try (var opened = Integration.BLOCKING.open()) {
            ExampleApi api = opened.example();
            assertThatThrownBy(() -> api.sort(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ExampleApi.sort(List): argument 0").hasMessageContaining("null");
            assertThatThrownBy(() -> api.emit("x", -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("out of range");
            assertThat(api.sort(List.of("ok"))).containsExactly("ok");
        }
    }

    @DBusInterface(ExampleService.INTERFACE)
    interface Waiting {
        /** The service never answers Poke. */
        @DBusMethod(name = "Poke")
        void waitInterruptibly(String s) throws InterruptedException;

        @DBusMethod(name = "Poke")
        void waitUninterruptibly(String s);
    }

    @Test
    void anInterruptedCallThrowsInterruptedExceptionWhereDeclaredAndKeepsTheFlagElsewhere() throws Exception {
        try (var opened = Integration.THREADED.open()) {
            Waiting w = opened.factory().create(Waiting.class, ExampleService.NAME, ExampleService.PATH);
            var declared = new CompletableFuture<Throwable>();
            var undeclared = new CompletableFuture<String>();
            Thread a = Thread.ofVirtual().start(() -> {
                try {
                    w.waitInterruptibly("a");
                    declared.complete(null);
                } catch (Throwable e) {
                    declared.complete(e);
                }
            });
            Thread b = Thread.ofVirtual().start(() -> {
                try {
                    w.waitUninterruptibly("b");
                    undeclared.complete("returned");
                } catch (io.jitney.DBusException e) {
                    undeclared.complete(e.getMessage() + " / interrupted=" + Thread.currentThread().isInterrupted());
                }
            });
            Thread.sleep(200);
            a.interrupt();
            b.interrupt();
            assertThat(declared.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertThat(undeclared.get(10, TimeUnit.SECONDS)).contains("interrupted while waiting for the reply to "
                    + "Waiting.waitUninterruptibly(String)").endsWith("interrupted=true");
        }
    }

    @Test
    void aBlockingCallOnTheAsyncDeliveryThreadFailsAtOnceInsteadOfHanging() throws Exception {
        try (var opened = Integration.ASYNC.open()) {
            ExampleApi api = opened.example();
            var outcome = new CompletableFuture<Throwable>();
            // onSubscribe runs on the router's delivery thread
            TypedProxy.of(api).signals(Pinged.class, 1).subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    try {
                        api.sort(List.of("x"));
                        outcome.complete(null);
                    } catch (Throwable e) {
                        outcome.complete(e);
                    }
                    s.cancel();
                }

                @Override
                public void onNext(Pinged item) {}

                @Override
                public void onError(Throwable e) {}

                @Override
                public void onComplete() {}
            });
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("delivery thread").hasMessageContaining("CompletableFuture");
        }
    }
}
