package io.jitney.proxy;

import io.jitney.DBusErrorException;
import io.jitney.DBusTimeoutException;
import io.jitney.bus.Properties;
import io.jitney.bus.Replies;
import io.jitney.bus.UnexpectedReplyException;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.routing.MatchRule;
import io.jitney.wire.Signature;
import io.jitney.wire.Variant;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * The companion of a typed proxy (made by {@link TypedProxies}): what a Java interface cannot
 * say by itself — typed signals and {@code PropertiesChanged}. Get it with {@link #of}:
 *
 * <pre>{@code
 * Notifications n = TypedProxies.create(Notifications.class, router, "org.freedesktop.Notifications",
 *         "/org/freedesktop/Notifications");
 * try (var closed = TypedProxy.of(n).subscribe(Notifications.NotificationClosed.class,
 *         signal -> System.out.println("closed: " + signal.id()))) {
 *     n.notify("jitney", 0, "", "Hello", "From Java", List.of(), Map.of(), -1);
 *     ...
 * }
 * }</pre>
 *
 * <p>What each integration offers:
 * <table>
 * <caption>Signal delivery per integration</caption>
 * <tr><th></th><th>{@link #subscribe} (handler)</th><th>{@link #signals} ({@code Flow.Publisher})</th>
 *     <th>{@link #queue} (pull)</th></tr>
 * <tr><td>{@code BlockingConnection}</td><td>—</td><td>—</td><td>yes, read on the caller's thread</td></tr>
 * <tr><td>{@code ThreadedRouter}</td><td>yes, on a virtual thread</td><td>—</td><td>yes</td></tr>
 * <tr><td>{@code AsyncRouter}</td><td>yes, on a virtual thread</td><td>yes, on the delivery thread</td>
 *     <td>—</td></tr>
 * </table>
 * The others throw {@link UnsupportedOperationException} naming what to use instead. Handlers
 * never run on a reader thread; they get signals one at a time, in order, and may call back
 * into the proxy. A signal whose body does not have the record's signature is skipped and
 * logged. Thread-safe (as far as the connection underneath is).
 *
 * @param <T> the {@link DBusInterface} type
 */
public final class TypedProxy<T> {
    /** The bound of signal buffers when no capacity is given. */
    public static final int DEFAULT_CAPACITY = 256;
    private static final System.Logger LOG = System.getLogger(TypedProxy.class.getName());

    private final Class<T> type;
    private final InterfaceModel model;
    private final Binding binding;
    private final DBusAddress address;
    private final T proxy;

    private TypedProxy(Class<T> type, InterfaceModel model, Binding binding, DBusAddress address) {
        this.type = type;
        this.model = model;
        this.binding = binding;
        this.address = address;
        this.proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Handler()));
    }

    static <T> T create(Class<T> type, Binding binding, String busName, String objectPath,
            List<ReturnAdapter> adapters) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(objectPath, "objectPath");
        InterfaceModel model = InterfaceModel.of(type, adapters);
        var address = new DBusAddress(objectPath, busName, model.interfaceName);
        return new TypedProxy<>(type, model, binding, address).proxy;
    }

    /**
     * The companion of a proxy made by {@link TypedProxies}.
     *
     * @throws IllegalArgumentException if {@code proxy} is not one
     */
    @SuppressWarnings("unchecked")
    public static <T> TypedProxy<T> of(T proxy) {
        Objects.requireNonNull(proxy, "proxy");
        if (Proxy.isProxyClass(proxy.getClass())
                && Proxy.getInvocationHandler(proxy) instanceof TypedProxy<?>.Handler h) {
            return (TypedProxy<T>) h.owner();
        }
        throw new IllegalArgumentException(proxy.getClass().getName() + " is not a typed proxy made by TypedProxies");
    }

    /** The Java interface. */
    public Class<T> type() {
        return type;
    }

    /** The proxy itself. */
    public T proxy() {
        return proxy;
    }

    /** Bus name (or {@code null}), object path and D-Bus interface of the remote object. */
    public DBusAddress address() {
        return address;
    }

    /** As {@link #subscribe(Class, int, Consumer)} with {@link #DEFAULT_CAPACITY}. */
    public <R extends Record> SignalSubscription subscribe(Class<R> signal, Consumer<? super R> handler) {
        return subscribe(signal, DEFAULT_CAPACITY, handler);
    }

    /**
     * Runs {@code handler} for each signal {@code R} from the remote object (and its bus name),
     * adding the bus match. At most {@code capacity} signals wait while the handler is busy;
     * beyond that the oldest are dropped and counted.
     *
     * @throws IllegalArgumentException if {@code signal} is not a valid {@link DBusSignal} record
     * @throws UnsupportedOperationException on a {@code BlockingConnection}
     */
    public <R extends Record> SignalSubscription subscribe(Class<R> signal, int capacity, Consumer<? super R> handler) {
        Objects.requireNonNull(handler, "handler");
        SignalModel sm = SignalModel.of(signal);
        return binding.subscribe(rule(sm), capacity, m -> {
            R r = decode(sm, signal, m);
            if (r != null) {
                handler.accept(r);
            }
        });
    }

    /**
     * Signals {@code R} from the remote object as a {@link Flow.Publisher}: each subscriber holds
     * the bus match while subscribed and gets a buffer of {@code capacity} signals, delivered on
     * the async router's delivery thread.
     *
     * @throws UnsupportedOperationException except on an {@code AsyncRouter}
     */
    public <R extends Record> Flow.Publisher<R> signals(Class<R> signal, int capacity) {
        SignalModel sm = SignalModel.of(signal);
        Flow.Publisher<Message> source = binding.publisher(rule(sm), capacity);
        return subscriber -> source.subscribe(new Flow.Subscriber<Message>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                subscriber.onSubscribe(s);
            }

            @Override
            public void onNext(Message m) {
                R r;
                try {
                    r = decode(sm, signal, m);
                } catch (RuntimeException e) {
                    subscription.cancel();
                    subscriber.onError(e);
                    return;
                }
                if (r == null) {
                    subscription.request(1); // skipped: the demand is still there
                } else {
                    subscriber.onNext(r);
                }
            }

            @Override
            public void onError(Throwable e) {
                subscriber.onError(e);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    /**
     * Signals {@code R} from the remote object in a bounded queue to take them from.
     *
     * @throws UnsupportedOperationException on an {@code AsyncRouter}
     */
    public <R extends Record> SignalQueue<R> queue(Class<R> signal, int capacity) {
        SignalModel sm = SignalModel.of(signal);
        Binding.MessageQueue q = binding.queue(rule(sm), capacity);
        return new SignalQueue<>() {
            @Override
            public R receive(Duration timeout) throws InterruptedException {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new DBusTimeoutException("timed out waiting for signal " + sm.member, timeout);
                    }
                    R r = decode(sm, signal, q.receive(Duration.ofNanos(left)));
                    if (r != null) {
                        return r;
                    }
                }
            }

            @Override
            public R poll() {
                for (Message m = q.poll(); m != null; m = q.poll()) {
                    R r = decode(sm, signal, m);
                    if (r != null) {
                        return r;
                    }
                }
                return null;
            }

            @Override
            public long dropped() {
                return q.dropped();
            }

            @Override
            public void close() {
                q.close();
            }
        };
    }

    /**
     * Runs {@code handler} for each {@code PropertiesChanged} signal about this interface of
     * the remote object. Integrations as for {@link #subscribe}.
     */
    public SignalSubscription onPropertiesChanged(Consumer<? super PropertiesChanged> handler) {
        return subscribe(PropertiesChanged.class, handler);
    }

    /** {@code PropertiesChanged} about this interface as a publisher (async router only). */
    public Flow.Publisher<PropertiesChanged> propertiesChanged(int capacity) {
        return signals(PropertiesChanged.class, capacity);
    }

    /** {@code PropertiesChanged} about this interface in a queue (blocking and threading). */
    public SignalQueue<PropertiesChanged> propertiesChangedQueue(int capacity) {
        return queue(PropertiesChanged.class, capacity);
    }

    private MatchRule rule(SignalModel sm) {
        MatchRule rule = ProxySupport.signalRule(address, sm.interfaceName, sm.member);
        if (sm.type == PropertiesChanged.class) {
            rule = rule.toBuilder().arg(0, model.interfaceName).build();
        }
        return rule;
    }

    private static <R> R decode(SignalModel sm, Class<R> signal, Message m) {
        Object r = sm.decode(m);
        if (r == null) {
            LOG.log(System.Logger.Level.WARNING, "skipping signal {0}.{1} with signature ''{2}'': {3} expects ''{4}''",
                    sm.interfaceName, sm.member, m.signature(), signal.getSimpleName(), sm.signature);
            return null;
        }
        return signal.cast(r);
    }

    @Override
    public String toString() {
        return "TypedProxy[" + type.getName() + " at " + (address.busName() == null ? "" : address.busName() + " ")
                + address.objectPath() + " over a " + binding.name() + "]";
    }

    // --- invocation ----------------------------------------------------------------------------------

    private final class Handler implements InvocationHandler {
        TypedProxy<T> owner() {
            return TypedProxy.this;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            InterfaceModel.MethodModel mm = model.methods.get(method);
            if (mm == null) {
                if (method.isDefault()) {
                    return InvocationHandler.invokeDefault(self, method, args);
                }
                return objectMethod(self, method, args);
            }
            Message call = message(mm, args == null ? new Object[0] : args);
            return switch (mm.mode) {
                case SYNC -> invokeSync(mm, call);
                case FUTURE -> start(mm, call);
                case ADAPTER -> mm.adapter.adapt(() -> start(mm, call));
            };
        }

        private Object objectMethod(Object self, Method method, Object[] args) {
            return switch (method.getName()) {
                case "toString" -> TypedProxy.this.toString();
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> args != null && args.length == 1 && self == args[0];
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
    }

    private Message message(InterfaceModel.MethodModel mm, Object[] args) {
        var target = address.withInterface(mm.interfaceName);
        return switch (mm.kind) {
            case CALL -> Message.builder(MessageType.METHOD_CALL).path(target.objectPath())
                    .destination(target.busName()).interfaceName(mm.interfaceName).member(mm.member)
                    .body(mm.in, mm.arguments(args)).flag(MessageFlag.NO_REPLY_EXPECTED, mm.noReply).build();
            case GET -> new Properties(target).get(mm.interfaceName, mm.member);
            case SET -> {
                // The variant holds the value with the property's type: for a property of type v,
                // the Variant given is the value, sent as a variant in the variant.
                Object value = Codec.nonNull(args[0], mm.description + ": the value");
                Variant v = new Variant(Signature.of(mm.codec.signature()), mm.codec.toWire(value));
                yield new Properties(target).set(mm.interfaceName, mm.member, v);
            }
        };
    }

    private Object invokeSync(InterfaceModel.MethodModel mm, Message call) throws InterruptedException {
        if (mm.noReply) {
            binding.send(call);
            return null;
        }
        Message reply;
        try {
            reply = binding.call(call);
        } catch (InterruptedException e) {
            if (mm.interruptible) {
                throw e;
            }
            throw Binding.interrupted("waiting for the reply to " + mm.description, e);
        } catch (DBusErrorException e) {
            throw mapError(mm, e);
        }
        return finish(mm, reply);
    }

    private CompletableFuture<Object> start(InterfaceModel.MethodModel mm, Message call) {
        CompletableFuture<Message> pending;
        try {
            pending = binding.callAsync(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        var result = new CompletableFuture<Object>();
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                pending.cancel(false); // forgets the call, as the routers do
            }
        });
        pending.whenComplete((reply, e) -> {
            if (e != null) {
                Throwable cause = (e instanceof CompletionException || e instanceof ExecutionException)
                        && e.getCause() != null ? e.getCause() : e;
                result.completeExceptionally(cause instanceof DBusErrorException d ? mapError(mm, d) : cause);
                return;
            }
            try {
                result.complete(finish(mm, reply));
            } catch (RuntimeException failure) {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /** The Java result of a reply. */
    private static Object finish(InterfaceModel.MethodModel mm, Message reply) {
        return switch (mm.kind) {
            case CALL -> {
                if (mm.result == InterfaceModel.Result.NONE) {
                    yield null;
                }
                if (mm.out != null && !reply.signature().toString().equals(mm.out)) {
                    throw new UnexpectedReplyException(mm.description + ": expected a reply with signature '" + mm.out
                            + "', got '" + reply.signature() + "'", mm.out, reply);
                }
                yield mm.decode(reply.body());
            }
            case GET -> {
                Variant v = Replies.variant(reply);
                String expected = mm.codec.signature();
                if (expected.equals("v")) {
                    // The value of a property of type v is the variant in the variant; a service
                    // that sends it without the outer one is taken as it is.
                    yield v.value() instanceof Variant inner && v.signature().toString().equals("v") ? inner : v;
                }
                if (!v.signature().toString().equals(expected)) {
                    throw new UnexpectedReplyException(mm.description + ": property " + mm.member + " holds '"
                            + v.signature() + "', expected '" + expected + "'", "v containing " + expected, reply);
                }
                yield mm.codec.fromWire(v.value());
            }
            case SET -> null;
        };
    }

    /** The exception the method declares for this error name, or the exception as it is. */
    private static DBusErrorException mapError(InterfaceModel.MethodModel mm, DBusErrorException e) {
        Constructor<?> c = mm.errors.get(e.errorName());
        if (c == null || c.getDeclaringClass().isInstance(e)) {
            return e;
        }
        try {
            var mapped = (DBusErrorException) c.newInstance(e.errorName(), e.errorText(), e.reply());
            if (mapped.getCause() == null) {
                mapped.initCause(e);
            }
            return mapped;
        } catch (ReflectiveOperationException | RuntimeException failure) {
            e.addSuppressed(failure);
            return e;
        }
    }
}
