package io.jitney.proxy;

import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates typed proxies: a {@link java.lang.reflect.Proxy} implementing a {@link DBusInterface}
 * Java interface for one remote object, over any integration.
 *
 * <pre>{@code
 * @DBusInterface("org.freedesktop.Notifications")
 * interface Notifications {
 *     @DBusMethod(name = "Notify")
 *     @DBusType("u") long notify(String appName, @DBusType("u") long replacesId, String appIcon,
 *             String summary, String body, List<String> actions, Map<String, Variant> hints, int expireTimeout);
 *
 *     CompletableFuture<ServerInformation> getServerInformation();   // returns at once
 *
 *     record ServerInformation(String name, String vendor, String version, String specVersion) {}
 * }
 *
 * Notifications n = TypedProxies.create(Notifications.class, connection,
 *         "org.freedesktop.Notifications", "/org/freedesktop/Notifications");
 * long id = n.notify("jitney", 0, "", "Hello", "From Java", List.of(), Map.of(), -1);
 * }</pre>
 *
 * <p><b>Checked when created.</b> Every abstract method's in and out signatures are derived
 * from its Java types and annotations (the rules are in the {@linkplain io.jitney.proxy package}
 * documentation); a Java type that cannot carry the declared D-Bus type, a record whose
 * components do not match a struct, several out values without a record to hold them — any
 * mismatch is an {@link IllegalArgumentException} from {@code create} naming the method.
 *
 * <p><b>The return type decides how a call runs.</b> A plain type (or {@code void}) waits for
 * the reply — on an {@code AsyncRouter} too, by waiting on its future (not allowed on its
 * delivery thread, which would deadlock). {@code CompletableFuture<X>} or
 * {@code CompletionStage<X>} returns at once (on a {@code BlockingConnection} the call has then
 * already completed); the future completes off the reader thread, and cancelling it forgets the
 * call. Other types come from
 * {@linkplain ReturnAdapter adapters}, such as Reactor's {@code Mono<X>} from
 * {@code ReactorTypedProxies}.
 *
 * <p><b>Errors.</b> An error reply is thrown as the {@link DBusError} exception the method
 * declares for its name, else as {@link io.jitney.DBusErrorException} (a subclass from
 * {@link io.jitney.errors} for the standard names); a reply whose signature is not the
 * expected one as {@link io.jitney.bus.UnexpectedReplyException}. A method that declares
 * {@code InterruptedException} gets it when interrupted; others get a
 * {@link io.jitney.DBusException} with the interrupt flag set again.
 *
 * <p>{@code default} methods run as written; {@code toString}, {@code equals} and
 * {@code hashCode} describe the proxy and compare by identity. Signals and
 * {@code PropertiesChanged}: see {@link TypedProxy#of}. A proxy is as thread-safe as its
 * connection: a {@code BlockingConnection} is for one thread at a time.
 */
public final class TypedProxies {
    private TypedProxies() {}

    /**
     * Options of a typed proxy: the reply timeout ({@code null}: the connection's default) and
     * extra return-type adapters.
     */
    public record Options(Duration timeout, List<ReturnAdapter> adapters) {
        public Options {
            adapters = List.copyOf(adapters);
        }

        /** The connection's default timeout, no adapters. */
        public static Options defaults() {
            return new Options(null, List.of());
        }

        public Options withTimeout(Duration timeout) {
            return new Options(Objects.requireNonNull(timeout, "timeout"), adapters);
        }

        public Options withAdapter(ReturnAdapter adapter) {
            var list = new ArrayList<>(adapters);
            list.add(Objects.requireNonNull(adapter, "adapter"));
            return new Options(timeout, list);
        }
    }

    /**
     * A proxy for the object at {@code objectPath} owned by {@code busName} ({@code null} on a
     * peer-to-peer connection), calling over a blocking connection.
     *
     * @throws IllegalArgumentException if {@code type} does not map, naming the method
     */
    public static <T> T create(Class<T> type, BlockingConnection connection, String busName, String objectPath) {
        return create(type, connection, busName, objectPath, Options.defaults());
    }

    public static <T> T create(Class<T> type, BlockingConnection connection, String busName, String objectPath,
            Options options) {
        Objects.requireNonNull(connection, "connection");
        return TypedProxy.create(type, new Binding.Blocking(connection, options.timeout()), busName, objectPath,
                options.adapters());
    }

    /** A proxy calling through a threaded router. */
    public static <T> T create(Class<T> type, ThreadedRouter router, String busName, String objectPath) {
        return create(type, router, busName, objectPath, Options.defaults());
    }

    public static <T> T create(Class<T> type, ThreadedRouter router, String busName, String objectPath,
            Options options) {
        Objects.requireNonNull(router, "router");
        return TypedProxy.create(type, new Binding.Threaded(router, options.timeout()), busName, objectPath,
                options.adapters());
    }

    /** A proxy calling through an async router. */
    public static <T> T create(Class<T> type, AsyncRouter router, String busName, String objectPath) {
        return create(type, router, busName, objectPath, Options.defaults());
    }

    public static <T> T create(Class<T> type, AsyncRouter router, String busName, String objectPath, Options options) {
        Objects.requireNonNull(router, "router");
        return TypedProxy.create(type, new Binding.Async(router, options.timeout()), busName, objectPath,
                options.adapters());
    }

    /**
     * Checks {@code type} as {@code create} would, without a connection (for generated code
     * and tests): its methods, properties and nested signal records.
     *
     * @throws IllegalArgumentException naming the method or record that does not map
     */
    public static void validate(Class<?> type, ReturnAdapter... adapters) {
        InterfaceModel.of(Objects.requireNonNull(type, "type"), List.of(adapters));
    }

    /**
     * The in and out signatures of a typed-interface method, as a proxy derives them:
     * {@code [in, out]}; the out signature is {@code ""} for a method without a value. For a
     * property getter or setter, both are the property's type.
     *
     * @throws IllegalArgumentException if the interface does not map
     */
    public static List<String> signatures(java.lang.reflect.Method method, ReturnAdapter... adapters) {
        var model = InterfaceModel.of(method.getDeclaringClass(), List.of(adapters)).methods.get(method);
        if (model == null) {
            throw new IllegalArgumentException(method + " is not an abstract method of a @DBusInterface");
        }
        if (model.kind != InterfaceModel.Kind.CALL) {
            return List.of(model.codec.signature(), model.codec.signature());
        }
        String out = model.out != null ? model.out : "";
        return List.of(model.in.toString(), model.result == InterfaceModel.Result.NONE && model.out == null ? "" : out);
    }
}
