package io.jitney.benchmarks.e2e;

import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import java.time.Duration;
import java.util.ArrayDeque;

/** The blocking integration: one thread sends and waits. E4 pipelines (64 calls in flight). */
public final class JitneyBlockingClient implements BenchClient {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final BlockingConnection conn;

    public JitneyBlockingClient(String address) {
        this.conn = BlockingConnection.open(address);
    }

    @Override
    public String echo(String text) {
        Message reply = conn.sendAndGetReply(Messages.newMethodCall(EchoService.ADDRESS, "Echo", "s", text), TIMEOUT);
        return (String) reply.body().getFirst();
    }

    @Override
    public byte[] echoBytes(byte[] data) {
        Message reply = conn.sendAndGetReply(Messages.newMethodCall(EchoService.ADDRESS, "EchoBytes", "ay", (Object) data),
                TIMEOUT);
        return (byte[]) reply.body().getFirst();
    }

    static MatchRule tickRule() {
        return MatchRule.builder().type(MessageType.SIGNAL).interfaceName(EchoService.INTERFACE).member("Tick")
                .path(EchoService.PATH).build();
    }

    static void checkTick(Message m, long expected) {
        var body = m.body();
        if ((Long) body.get(0) != expected || !EchoService.TICK_TEXT.equals(body.get(1))) {
            throw new IllegalStateException("tick " + expected + " expected, got " + body);
        }
    }

    @Override
    public long ticks(int n) {
        try (var ticks = conn.subscribe(tickRule(), n + 16)) {
            long start = System.nanoTime();
            conn.sendAndGetReply(Messages.newMethodCall(EchoService.ADDRESS, "Emit", "u", (long) n), TIMEOUT);
            for (int i = 0; i < n; i++) {
                checkTick(conn.receive(ticks, TIMEOUT), i);
            }
            return System.nanoTime() - start;
        }
    }

    /** Pipelined: {@code callers} calls in flight, a new one sent as each reply arrives. */
    @Override
    public long concurrent(int callers, long deadlineNanos) {
        var inFlight = new ArrayDeque<Integer>();
        for (int i = 0; i < callers; i++) {
            inFlight.add(conn.send(Messages.newMethodCall(EchoService.ADDRESS, "Echo", "s", "hello")));
        }
        long done = 0;
        boolean sending = true;
        while (!inFlight.isEmpty()) {
            Message m = conn.receive(TIMEOUT);
            if (m.type() == MessageType.SIGNAL) {
                continue; // e.g. NameAcquired, kept since the connection opened
            }
            if (m.type() != MessageType.METHOD_RETURN || !inFlight.remove(m.replySerial())
                    || !"hello".equals(m.body().getFirst())) {
                throw new IllegalStateException("unexpected message while pipelining: " + m);
            }
            done++;
            if (sending && (done & 63) == 0 && System.nanoTime() >= deadlineNanos) {
                sending = false;
            }
            if (sending) {
                inFlight.add(conn.send(Messages.newMethodCall(EchoService.ADDRESS, "Echo", "s", "hello")));
            }
        }
        return done;
    }

    @Override
    public String concurrencyModel() {
        return "pipelined on one thread (send/receive)";
    }

    @Override
    public Runnable marshal(String payload) {
        return JitneyMarshal.roundTrip(payload);
    }

    @Override
    public void close() {
        conn.close();
    }
}
