package org.example.kitchen;

import io.jitney.io.ConnectionOptions;
import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.Message;
import io.jitney.proxy.AsyncProxy;
import io.jitney.proxy.BlockingProxy;
import io.jitney.proxy.ThreadedProxy;
import io.jitney.reactor.ReactorProxy;
import io.jitney.reactor.ReactorRouter;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.Disposable;

/**
 * Compiled by KitchenRunTest together with the code bindgen generates from kitchen.xml: calls the
 * test service through the generated message generator {@link KitchenMessages} wrapped in one
 * integration's generic proxy ({@code BlockingProxy}, {@code ThreadedProxy}, {@code AsyncProxy},
 * {@code ReactorProxy}), as user code would, and returns what came back (reply bodies as the wire
 * reads them) for the test to check. Arguments: the bus address and the integration's name.
 */
public final class KitchenGenericProxies implements BiFunction<String, String, Map<String, Object>> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ConnectionOptions FDS = ConnectionOptions.defaults().withUnixFds(true);
    private static final String NAME = "org.jitney.test.Kitchen";
    private static final String PATH = "/org/jitney/Kitchen";

    /** What the calls below need of a generic proxy, whatever its integration. */
    private interface Calls {
        List<Object> call(Function<KitchenMessages, Message> build) throws Exception;

        Object getProperty(String name) throws Exception;

        void setProperty(String name, Variant value) throws Exception;

        /** A subscription to a signal of the interface, already routed here by the bus. */
        Signals signals(String member) throws Exception;
    }

    private interface Signals extends AutoCloseable {
        Message next() throws Exception;

        @Override
        void close();
    }

    @Override
    public Map<String, Object> apply(String address, String integration) {
        var kitchen = new KitchenMessages(NAME, PATH);
        try {
            switch (integration) {
                case "BlockingProxy" -> {
                    try (var conn = BlockingConnection.open(address, FDS)) {
                        return run(blocking(new BlockingProxy<>(kitchen, conn, TIMEOUT)), 1);
                    }
                }
                case "ThreadedProxy" -> {
                    try (var router = ThreadedRouter.open(address, FDS)) {
                        return run(threaded(new ThreadedProxy<>(kitchen, router, TIMEOUT)), 2);
                    }
                }
                case "AsyncProxy" -> {
                    try (var router = AsyncRouter.open(address, FDS).get(10, TimeUnit.SECONDS)) {
                        return run(async(new AsyncProxy<>(kitchen, router, TIMEOUT)), 3);
                    }
                }
                case "ReactorProxy" -> {
                    try (var router = ReactorRouter.open(address, FDS).block(TIMEOUT)) {
                        return run(reactor(new ReactorProxy<>(kitchen, router, TIMEOUT)), 4);
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
    private static Map<String, Object> run(Calls c, int n) throws Exception {
        var results = new LinkedHashMap<String, Object>();
        results.put("add", c.call(g -> g.add(2, 40)).getFirst());
        results.put("describe", c.call(g -> g.describe(
                new Kitchen.DescribeItem("spoon", 3L, Map.of("colour", Variant.of("silver"))))).getFirst());
        results.put("swap", c.call(g -> g.swap("left", 4_000_000_000L)));
        results.put("lookup", c.call(g -> g.lookup(
                Map.of("a", new Kitchen.LookupTable(1, 2), "b", new Kitchen.LookupTable(3, 4)), "b")).getFirst());
        results.put("wrap", c.call(g -> g.wrap(Variant.of("u", 7L))).getFirst());
        try (UnixFd fd = pipeWith("through a pipe")) {
            results.put("readFd", c.call(g -> g.readFd(fd)).getFirst());
        }
        results.put("pipe", readAll((UnixFd) c.call(g -> g.pipe("out of a pipe")).getFirst()));
        results.put("sizes", c.call(g -> g.sizes(List.of(-2L, 1L))).getFirst());

        c.setProperty("Level", Variant.of("u", 4_000_000_000L + n));
        results.put("level", c.getProperty("Level"));
        results.put("shelf", c.getProperty("Shelf"));
        // A property of type v: its value is a variant, carried in the variant of Get and Set.
        c.setProperty("Note", Variant.of("v", Variant.of("s", "memo " + n)));
        results.put("note", c.getProperty("Note"));

        try (var stocked = c.signals("Stocked"); var fired = c.signals("Fired")) {
            results.put("stock", c.call(g -> g.stock("jam", 7L)));
            results.put("stocked", stocked.next().body());
            results.put("fire", c.call(g -> g.fire("whoosh")));
            results.put("fired", fired.next().body().getFirst());
        }
        return results;
    }

    private static Calls blocking(BlockingProxy<KitchenMessages> proxy) {
        return new Calls() {
            @Override
            public List<Object> call(Function<KitchenMessages, Message> build) {
                return proxy.call(build);
            }

            @Override
            public Object getProperty(String name) {
                return proxy.getProperty(name);
            }

            @Override
            public void setProperty(String name, Variant value) {
                proxy.setProperty(name, value);
            }

            @Override
            public Signals signals(String member) {
                var filter = proxy.subscribe(member, 8);
                return new Signals() {
                    @Override
                    public Message next() {
                        return filter.receive(TIMEOUT);
                    }

                    @Override
                    public void close() {
                        filter.close();
                    }
                };
            }
        };
    }

    private static Calls threaded(ThreadedProxy<KitchenMessages> proxy) {
        return new Calls() {
            @Override
            public List<Object> call(Function<KitchenMessages, Message> build) throws InterruptedException {
                return proxy.call(build);
            }

            @Override
            public Object getProperty(String name) throws InterruptedException {
                return proxy.getProperty(name);
            }

            @Override
            public void setProperty(String name, Variant value) throws InterruptedException {
                proxy.setProperty(name, value);
            }

            @Override
            public Signals signals(String member) throws InterruptedException {
                var queue = new LinkedBlockingQueue<Message>();
                var subscription = proxy.onSignal(member, 8, queue::add); // a handler on a virtual thread
                return new Signals() {
                    @Override
                    public Message next() throws Exception {
                        return take(queue);
                    }

                    @Override
                    public void close() {
                        subscription.close();
                    }
                };
            }
        };
    }

    private static Calls async(AsyncProxy<KitchenMessages> proxy) {
        return new Calls() {
            @Override
            public List<Object> call(Function<KitchenMessages, Message> build) throws Exception {
                return proxy.call(build).get(10, TimeUnit.SECONDS);
            }

            @Override
            public Object getProperty(String name) throws Exception {
                return proxy.getProperty(name).get(10, TimeUnit.SECONDS);
            }

            @Override
            public void setProperty(String name, Variant value) throws Exception {
                proxy.setProperty(name, value).get(10, TimeUnit.SECONDS);
            }

            @Override
            public Signals signals(String member) throws Exception {
                var queue = new LinkedBlockingQueue<Message>();
                var subscribed = new CompletableFuture<Flow.Subscription>();
                proxy.subscribe(member, 8).subscribe(new Flow.Subscriber<Message>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) { // once the bus has confirmed the match
                        s.request(Long.MAX_VALUE);
                        subscribed.complete(s);
                    }

                    @Override
                    public void onNext(Message m) {
                        queue.add(m);
                    }

                    @Override
                    public void onError(Throwable e) {
                        subscribed.completeExceptionally(e);
                    }

                    @Override
                    public void onComplete() {}
                });
                Flow.Subscription subscription = subscribed.get(10, TimeUnit.SECONDS);
                return new Signals() {
                    @Override
                    public Message next() throws Exception {
                        return take(queue);
                    }

                    @Override
                    public void close() {
                        subscription.cancel();
                    }
                };
            }
        };
    }

    private static Calls reactor(ReactorProxy<KitchenMessages> proxy) {
        return new Calls() {
            @Override
            public List<Object> call(Function<KitchenMessages, Message> build) {
                // A call sent without a reply (NO_REPLY_EXPECTED) gives an empty body.
                return proxy.call(build).block(TIMEOUT);
            }

            @Override
            public Object getProperty(String name) {
                return proxy.getProperty(name).block(TIMEOUT);
            }

            @Override
            public void setProperty(String name, Variant value) {
                proxy.setProperty(name, value).block(TIMEOUT);
            }

            @Override
            public Signals signals(String member) throws Exception {
                var queue = new LinkedBlockingQueue<Message>();
                var subscribed = new CompletableFuture<Void>();
                Disposable subscription = proxy.signals(member, 8)
                        .doOnSubscribe(s -> subscribed.complete(null)) // once the bus has confirmed the match
                        .subscribe(queue::add, subscribed::completeExceptionally);
                subscribed.get(10, TimeUnit.SECONDS);
                return new Signals() {
                    @Override
                    public Message next() throws Exception {
                        return take(queue);
                    }

                    @Override
                    public void close() {
                        subscription.dispose();
                    }
                };
            }
        };
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedException, TimeoutException {
        T next = queue.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new TimeoutException("no signal in 10 s");
        }
        return next;
    }

    /** The read end of a pipe holding {@code text}, its write end closed. */
    static UnixFd pipeWith(String text) throws IOException {
        var pipe = UnixFd.pipe();
        try (OutputStream out = pipe.writeEnd().toOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            pipe.close();
            throw e;
        }
        return pipe.readEnd();
    }

    /** Everything a received descriptor gives until end of file; closes it. */
    static String readAll(UnixFd fd) throws IOException {
        try (InputStream in = fd.toInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
