package io.jitney.reactor;

import io.jitney.proxy.PropertiesChanged;
import io.jitney.proxy.ReturnAdapter;
import io.jitney.proxy.TypedProxies;
import io.jitney.proxy.TypedProxy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Typed proxies over a {@link ReactorRouter}: as {@link TypedProxies}, plus methods returning
 * {@code Mono<X>}, and signals as {@link Flux}.
 *
 * <pre>{@code
 * @DBusInterface("org.freedesktop.Notifications")
 * interface Notifications {
 *     @DBusMethod(name = "Notify")
 *     @DBusType("u") Mono<Long> notify(String appName, @DBusType("u") long replacesId, ...);
 * }
 * Notifications n = ReactorTypedProxies.create(Notifications.class, router, "org.freedesktop.Notifications",
 *         "/org/freedesktop/Notifications");
 * n.notify("jitney", 0, ...).subscribe(id -> ...);
 * }</pre>
 *
 * <p>A {@code Mono<X>} method is lazy like every Reactor source: the call is sent when the
 * {@code Mono} is subscribed, again for each subscription; cancelling forgets the call. The
 * arguments are checked and converted when the method is called. {@code Mono<Void>} completes
 * empty. Methods with plain or {@code CompletableFuture} return types behave as over the async
 * router underneath.
 */
public final class ReactorTypedProxies {
    /** The adapter that makes {@code Mono<X>} a return type of typed interfaces. */
    public static final ReturnAdapter MONO = new ReturnAdapter() {
        @Override
        public Class<?> type() {
            return Mono.class;
        }

        @Override
        public Object adapt(Supplier<CompletableFuture<Object>> call) {
            return Mono.fromFuture(call, false);
        }
    };

    private ReactorTypedProxies() {}

    /**
     * A proxy for the object at {@code objectPath} owned by {@code busName}.
     *
     * @throws IllegalArgumentException if {@code type} does not map, naming the method
     */
    public static <T> T create(Class<T> type, ReactorRouter router, String busName, String objectPath) {
        return TypedProxies.create(type, Objects.requireNonNull(router, "router").async(), busName, objectPath,
                TypedProxies.Options.defaults().withAdapter(MONO));
    }

    /** As {@link #create(Class, ReactorRouter, String, String)} with a reply timeout of its own. */
    public static <T> T create(Class<T> type, ReactorRouter router, String busName, String objectPath,
            Duration timeout) {
        return TypedProxies.create(type, Objects.requireNonNull(router, "router").async(), busName, objectPath,
                TypedProxies.Options.defaults().withAdapter(MONO).withTimeout(timeout));
    }

    /** Checks a typed interface with {@code Mono} allowed, as {@code create} would. */
    public static void validate(Class<?> type) {
        TypedProxies.validate(type, MONO);
    }

    /**
     * Signals {@code R} from the proxy's remote object; the bus match is added when subscribed
     * and removed when cancelled; up to {@code capacity} signals are buffered for slow
     * subscribers (the oldest dropped beyond that).
     */
    public static <R extends Record> Flux<R> signals(Object proxy, Class<R> signal, int capacity) {
        TypedProxy<?> typed = TypedProxy.of(proxy);
        return Flux.defer(() -> JdkFlowAdapter.flowPublisherToFlux(typed.signals(signal, capacity)));
    }

    /** {@code PropertiesChanged} about the proxy's interface, as {@link #signals}. */
    public static Flux<PropertiesChanged> propertiesChanged(Object proxy, int capacity) {
        return signals(proxy, PropertiesChanged.class, capacity);
    }
}
