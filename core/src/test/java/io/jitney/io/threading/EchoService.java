package io.jitney.io.threading;

import io.jitney.ConnectionClosedException;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test echo service on its own {@link ThreadedConnection}: answers every method call with its
 * arguments; {@code Fail} answers with an error; {@code Sleep(u millis)} answers after a delay.
 */
final class EchoService implements AutoCloseable {
    final ThreadedConnection conn;
    final AtomicLong calls = new AtomicLong();
    private final Thread thread;

    EchoService(String address) {
        conn = ThreadedConnection.open(address);
        thread = Thread.ofPlatform().daemon().name("echo-service").start(this::serve);
    }

    String name() {
        return conn.uniqueName();
    }

    private void serve() {
        try {
            while (true) {
                Message m = conn.receive(Duration.ofDays(1));
                if (m.type() != MessageType.METHOD_CALL) {
                    continue;
                }
                calls.incrementAndGet();
                switch (m.member()) {
                    case "Fail" -> conn.send(Messages.newError(m, "org.example.Error.Failed", "as requested"));
                    case "Sleep" -> {
                        long millis = (Long) m.body().getFirst();
                        Thread.ofVirtual().start(() -> {
                            try {
                                Thread.sleep(millis);
                                conn.send(Messages.newMethodReturn(m, "u", millis));
                            } catch (InterruptedException | ConnectionClosedException e) {
                                // shutting down
                            }
                        });
                    }
                    default -> conn.send(Message.builder(MessageType.METHOD_RETURN).replySerial(m.serial())
                            .destination(m.sender()).body(m.signature(), m.body()).build());
                }
            }
        } catch (InterruptedException | ConnectionClosedException e) {
            // closed
        }
    }

    @Override
    public void close() throws InterruptedException {
        conn.close();
        thread.join(5_000);
    }
}
