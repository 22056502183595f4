package io.jitney.benchmarks.e2e;

import static io.jitney.benchmarks.e2e.JitneyBlockingClient.TIMEOUT;

import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The threading integration: a {@link ThreadedRouter}; E4 runs 64 virtual threads on it. */
public final class JitneyThreadedClient implements BenchClient {
    private final ThreadedRouter router;

    public JitneyThreadedClient(String address) {
        this.router = ThreadedRouter.open(address);
    }

    @Override
    public String echo(String text) throws InterruptedException {
        Message reply = router.sendAndGetReply(Messages.newMethodCall(EchoService.ADDRESS, "Echo", "s", text), TIMEOUT);
        return (String) reply.body().getFirst();
    }

    @Override
    public byte[] echoBytes(byte[] data) throws InterruptedException {
        Message reply = router.sendAndGetReply(
                Messages.newMethodCall(EchoService.ADDRESS, "EchoBytes", "ay", (Object) data), TIMEOUT);
        return (byte[]) reply.body().getFirst();
    }

    @Override
    public long ticks(int n) throws InterruptedException {
        try (var ticks = router.subscribe(JitneyBlockingClient.tickRule(), n + 16)) {
            long start = System.nanoTime();
            router.sendAndGetReply(Messages.newMethodCall(EchoService.ADDRESS, "Emit", "u", (long) n), TIMEOUT);
            for (int i = 0; i < n; i++) {
                JitneyBlockingClient.checkTick(ticks.receive(TIMEOUT), i);
            }
            return System.nanoTime() - start;
        }
    }

    @Override
    public long concurrent(int callers, long deadlineNanos) throws InterruptedException {
        var done = new AtomicLong();
        var failure = new AtomicReference<Throwable>();
        List<Thread> threads = new ArrayList<>(callers);
        for (int t = 0; t < callers; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    long mine = 0;
                    do {
                        if (!"hello".equals(echo("hello"))) {
                            throw new IllegalStateException("wrong echo");
                        }
                        mine++;
                    } while (System.nanoTime() < deadlineNanos);
                    done.addAndGet(mine);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a caller failed", failure.get());
        }
        return done.get();
    }

    @Override
    public String concurrencyModel() {
        return "64 virtual threads calling sendAndGetReply";
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
