package io.jitney.benchmarks.e2e;

import io.jitney.DBusException;
import io.jitney.bus.MessageBus;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import java.time.Duration;
import java.util.List;

/**
 * The echo service every benchmark client talks to: {@code org.example.Echo} at
 * {@code /org/example/Echo}, owning the bus name {@code org.example.Echo}.
 *
 * <ul>
 *   <li>{@code Echo(s) → s} and {@code EchoBytes(ay) → ay} return their argument;
 *   <li>{@code Emit(u n)} replies at once, then sends {@code n} signals {@code Tick(u i, s text)},
 *       {@code i} counting from 0, addressed to the caller only (a unicast signal), so that clients
 *       of other peers connected to the same bus never receive another's ticks;
 *   <li>{@code com.example.Spam} (what {@code dbus-test-tool spam} calls) gets an empty reply, so the
 *       C tool can call this service too.
 * </ul>
 *
 * <p>One thread, a {@link BlockingConnection}: read a call, answer it, read the next. Runs until the
 * bus goes away. {@code java ... EchoService ADDRESS} prints {@code READY} once the name is owned.
 */
public final class EchoService implements AutoCloseable {
    public static final String NAME = "org.example.Echo";
    public static final String PATH = "/org/example/Echo";
    public static final String INTERFACE = "org.example.Echo";
    public static final DBusAddress ADDRESS = new DBusAddress(PATH, NAME, INTERFACE);
    /** The text every {@code Tick} carries. */
    public static final String TICK_TEXT = "tick";

    private final BlockingConnection conn;

    private EchoService(BlockingConnection conn) {
        this.conn = conn;
    }

    /** Connects, takes the name {@code org.example.Echo} (replacing nobody) and returns; call {@link #run()}. */
    public static EchoService start(String address) {
        var conn = BlockingConnection.open(address);
        try {
            Message reply = conn.sendAndGetReply(new MessageBus().requestName(NAME, 4 /* DO_NOT_QUEUE */),
                    Duration.ofSeconds(10));
            long code = (Long) reply.body().getFirst();
            if (code != 1) {
                throw new IllegalStateException("could not own " + NAME + " (RequestName returned " + code + ")");
            }
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
        return new EchoService(conn);
    }

    /** Serves until the connection closes. */
    public void run() {
        try {
            while (true) {
                Message m = conn.receive(Duration.ofDays(365));
                if (m.type() == MessageType.METHOD_CALL) {
                    handle(m);
                }
            }
        } catch (DBusException closed) {
            // the bus went away or close() was called: done
        }
    }

    private void handle(Message call) {
        boolean noReply = call.hasFlag(MessageFlag.NO_REPLY_EXPECTED);
        String member = call.member();
        List<Object> body = call.body();
        String sig = call.signature().toString();
        switch (member) {
            case "Echo" -> {
                if (sig.equals("s")) {
                    reply(noReply, Messages.newMethodReturn(call, "s", body.getFirst()));
                    return;
                }
            }
            case "EchoBytes" -> {
                if (sig.equals("ay")) {
                    reply(noReply, Messages.newMethodReturn(call, "ay", body.getFirst()));
                    return;
                }
            }
            case "Emit" -> {
                if (sig.equals("u")) {
                    long n = (Long) body.getFirst();
                    reply(noReply, Messages.newMethodReturn(call, null));
                    String to = call.sender();
                    for (long i = 0; i < n; i++) {
                        conn.send(Message.builder(MessageType.SIGNAL).path(PATH).interfaceName(INTERFACE)
                                .member("Tick").destination(to).body("us", i, TICK_TEXT).build());
                    }
                    return;
                }
            }
            case "Spam" -> {
                if ("com.example".equals(call.interfaceName())) {
                    reply(noReply, Messages.newMethodReturn(call, null));
                    return;
                }
            }
            case "Ping" -> {
                if ("org.freedesktop.DBus.Peer".equals(call.interfaceName())) {
                    reply(noReply, Messages.newMethodReturn(call, null));
                    return;
                }
            }
            default -> {
                // falls through to the error below
            }
        }
        reply(noReply, Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod",
                "no method " + call.interfaceName() + "." + member + "(" + sig + ") on " + call.path()));
    }

    private void reply(boolean noReply, Message reply) {
        if (!noReply) {
            conn.send(reply);
        }
    }

    @Override
    public void close() {
        conn.close();
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: EchoService ADDRESS");
            System.exit(2);
        }
        try (var service = start(args[0])) {
            System.out.println("READY");
            System.out.flush();
            service.run();
        }
    }
}
