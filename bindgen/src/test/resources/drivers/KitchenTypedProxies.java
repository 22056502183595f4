package org.example.kitchen;

import io.jitney.io.ConnectionOptions;
import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.proxy.SignalQueue;
import io.jitney.proxy.SignalSubscription;
import io.jitney.proxy.TypedProxies;
import io.jitney.proxy.TypedProxy;
import io.jitney.reactor.ReactorRouter;
import io.jitney.reactor.ReactorTypedProxies;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import reactor.core.Disposable;

/**
 * Compiled by KitchenRunTest together with the code bindgen generates from kitchen.xml: calls the
 * test service through the generated typed interface {@link Kitchen}, made a proxy by
 * {@code TypedProxies.create} over a {@code BlockingConnection}, a {@code ThreadedRouter} or an
 * {@code AsyncRouter}, or by {@code ReactorTypedProxies.create} over a {@code ReactorRouter}; reads
 * and writes its properties, and receives its signals as the generated records. Returns what came
 * back for the test to check. Arguments: the bus address and the integration's name.
 *
 * <p>Bindgen writes plain return types, so over Reactor the calls wait as over the async router
 * underneath; a {@code Mono} interface would have to be written by hand.
 */
public final class KitchenTypedProxies implements BiFunction<String, String, Map<String, Object>> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ConnectionOptions FDS = ConnectionOptions.defaults().withUnixFds(true);
    private static final String NAME = "org.jitney.test.Kitchen";
    private static final String PATH = "/org/jitney/Kitchen";

    /** The next signal of a subscription, already routed here by the bus. */
    private interface Signals<R> extends AutoCloseable {
        R next() throws Exception;

        @Override
        void close();
    }

    @Override
    public Map<String, Object> apply(String address, String integration) {
        try {
            switch (integration) {
                case "BlockingConnection" -> {
                    try (var conn = BlockingConnection.open(address, FDS)) {
                        return run(TypedProxies.create(Kitchen.class, conn, NAME, PATH), integration, 1);
                    }
                }
                case "ThreadedRouter" -> {
                    try (var router = ThreadedRouter.open(address, FDS)) {
                        return run(TypedProxies.create(Kitchen.class, router, NAME, PATH), integration, 2);
                    }
                }
                case "AsyncRouter" -> {
                    try (var router = AsyncRouter.open(address, FDS).get(10, TimeUnit.SECONDS)) {
                        return run(TypedProxies.create(Kitchen.class, router, NAME, PATH), integration, 3);
                    }
                }
                case "ReactorRouter" -> {
                    try (var router = ReactorRouter.open(address, FDS).block(TIMEOUT)) {
                        return run(ReactorTypedProxies.create(Kitchen.class, router, NAME, PATH, TIMEOUT), integration,
                                4);
                    }
                }
                default -> throw new IllegalArgumentException("no integration " + integration);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(integration + ": " + e, e);
        }
    }

    /** The same calls through every integration; {@code n} makes the property value its own. */
    private static Map<String, Object> run(Kitchen kitchen, String integration, int n) throws Exception {
        var results = new LinkedHashMap<String, Object>();
        results.put("add", kitchen.add(2, 40));
        results.put("describe",
                kitchen.describe(new Kitchen.DescribeItem("spoon", 3L, Map.of("colour", Variant.of("silver")))));
        results.put("swap", kitchen.swap("left", 4_000_000_000L));
        results.put("lookup",
                kitchen.lookup(Map.of("a", new Kitchen.LookupTable(1, 2), "b", new Kitchen.LookupTable(3, 4)), "b"));
        results.put("wrap", kitchen.wrap(Variant.of("u", 7L)));
        try (UnixFd fd = KitchenGenericProxies.pipeWith("through a pipe")) {
            results.put("readFd", kitchen.readFd(fd));
        }
        results.put("pipe", KitchenGenericProxies.readAll(kitchen.pipe("out of a pipe")));
        results.put("sizes", kitchen.sizes(List.of(-2L, 1L)));

        kitchen.setLevel(4_000_000_000L + n);
        results.put("level", kitchen.getLevel());
        results.put("shelf", kitchen.getShelf());
        kitchen.setNote(Variant.of("s", "memo " + n)); // a property of type v: the Variant is its value
        results.put("note", kitchen.getNote());

        try (var stocked = signals(kitchen, Kitchen.Stocked.class, integration);
                var fired = signals(kitchen, Kitchen.Fired.class, integration)) {
            kitchen.stock("jam", 7L);
            results.put("stocked", stocked.next());
            kitchen.fire("whoosh");
            results.put("fired", fired.next());
        }
        return results;
    }

    /**
     * Signals {@code R} as each integration offers them: a queue read on the caller's thread over
     * a blocking connection, a handler ({@code TypedProxy.subscribe}) over the threaded and async
     * routers, a {@code Flux} over Reactor.
     */
    private static <R extends Record> Signals<R> signals(Kitchen kitchen, Class<R> type, String integration)
            throws Exception {
        TypedProxy<Kitchen> typed = TypedProxy.of(kitchen);
        var queue = new LinkedBlockingQueue<R>();
        switch (integration) {
            case "BlockingConnection" -> {
                SignalQueue<R> signals = typed.queue(type, 8);
                return new Signals<>() {
                    @Override
                    public R next() throws InterruptedException {
                        return signals.receive(TIMEOUT);
                    }

                    @Override
                    public void close() {
                        signals.close();
                    }
                };
            }
            case "ReactorRouter" -> {
                var subscribed = new CompletableFuture<Void>();
                Disposable subscription = ReactorTypedProxies.signals(kitchen, type, 8)
                        .doOnSubscribe(s -> subscribed.complete(null)) // once the bus has confirmed the match
                        .subscribe(queue::add, subscribed::completeExceptionally);
                subscribed.get(10, TimeUnit.SECONDS);
                return queued(queue, subscription::dispose);
            }
            default -> {
                SignalSubscription subscription = typed.subscribe(type, queue::add);
                subscription.ready().get(10, TimeUnit.SECONDS);
                return queued(queue, subscription::close);
            }
        }
    }

    private static <R> Signals<R> queued(LinkedBlockingQueue<R> queue, Runnable closer) {
        return new Signals<>() {
            @Override
            public R next() throws InterruptedException, TimeoutException {
                R next = queue.poll(10, TimeUnit.SECONDS);
                if (next == null) {
                    throw new TimeoutException("no signal in 10 s");
                }
                return next;
            }

            @Override
            public void close() {
                closer.run();
            }
        };
    }
}
