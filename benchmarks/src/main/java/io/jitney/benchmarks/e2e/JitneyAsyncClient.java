package io.jitney.benchmarks.e2e;

import static io.jitney.benchmarks.e2e.JitneyBlockingClient.TIMEOUT;

import io.jitney.io.async.AsyncRouter;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The async integration: an {@link AsyncRouter}. Sequential workloads wait on each future; E4
 * keeps 64 calls in flight, each completion sending the next call.
 */
public final class JitneyAsyncClient implements BenchClient {
    private final AsyncRouter router;

    public JitneyAsyncClient(String address) {
        this.router = AsyncRouter.open(address).join();
    }

    @Override
    public String echo(String text) {
        Message reply = router.sendAndGetReply(Messages.newMethodCall(EchoService.ADDRESS, "Echo", "s", text), TIMEOUT)
                .join();
        return (String) reply.body().getFirst();
    }

    @Override
    public byte[] echoBytes(byte[] data) {
        Message reply = router.sendAndGetReply(
                Messages.newMethodCall(EchoService.ADDRESS, "EchoBytes", "ay", (Object) data), TIMEOUT).join();
        return (byte[]) reply.body().getFirst();
    }

    @Override
    public long ticks(int n) throws InterruptedException {
        var subscribed = new CompletableFuture<Flow.Subscription>();
        var all = new CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        router.subscribe(JitneyBlockingClient.tickRule(), n + 16).subscribe(new Flow.Subscriber<>() {
            private long next;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
                subscribed.complete(s);
            }

            @Override
            public void onNext(Message m) {
                try {
                    JitneyBlockingClient.checkTick(m, next);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    all.countDown();
                }
                if (++next == n) {
                    all.countDown();
                }
            }

            @Override
            public void onError(Throwable e) {
                failure.compareAndSet(null, e);
                all.countDown();
            }

            @Override
            public void onComplete() {}
        });
        Flow.Subscription subscription = subscribed.join();
        try {
            long start = System.nanoTime();
            router.sendAndGetReply(Messages.newMethodCall(EchoService.ADDRESS, "Emit", "u", (long) n), TIMEOUT).join();
            if (!all.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("ticks did not all arrive");
            }
            long elapsed = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException("tick subscription failed", failure.get());
            }
            return elapsed;
        } finally {
            subscription.cancel();
        }
    }

    @Override
    public long concurrent(int callers, long deadlineNanos) throws InterruptedException {
        var done = new AtomicLong();
        var finished = new CountDownLatch(callers);
        var failure = new AtomicReference<Throwable>();
        for (int i = 0; i < callers; i++) {
            callLoop(deadlineNanos, done, finished, failure);
        }
        if (!finished.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("concurrent callers did not finish");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a caller failed", failure.get());
        }
        return done.get();
    }

    /** One caller: a chain of calls, each sent when the previous reply arrives. */
    private void callLoop(long deadlineNanos, AtomicLong done, CountDownLatch finished, AtomicReference<Throwable> failure) {
        router.sendAndGetReply(Messages.newMethodCall(EchoService.ADDRESS, "Echo", "s", "hello"), TIMEOUT)
                .whenComplete((reply, e) -> {
                    if (e == null && !"hello".equals(reply.body().getFirst())) {
                        e = new IllegalStateException("wrong echo: " + reply);
                    }
                    if (e != null) {
                        failure.compareAndSet(null, e);
                        finished.countDown();
                        return;
                    }
                    done.incrementAndGet();
                    if (System.nanoTime() < deadlineNanos) {
                        callLoop(deadlineNanos, done, finished, failure);
                    } else {
                        finished.countDown();
                    }
                });
    }

    @Override
    public String concurrencyModel() {
        return "64 chains of CompletableFuture calls";
    }

    @Override
    public Runnable marshal(String payload) {
        return JitneyMarshal.roundTrip(payload);
    }

    @Override
    public void close() {
        router.close();
    }
}
