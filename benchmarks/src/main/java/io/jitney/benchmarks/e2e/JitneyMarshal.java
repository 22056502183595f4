package io.jitney.benchmarks.e2e;

import io.jitney.benchmarks.Payloads;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageType;
import io.jitney.message.MessageWriter;
import io.jitney.message.Messages;
import java.util.function.Supplier;

/** Jitney's in-process serialise + parse, as {@code MarshalBenchmark.roundTrip} does it. */
final class JitneyMarshal {
    private JitneyMarshal() {}

    /** Keeps each parsed message reachable so the work cannot be optimised away. */
    static volatile Object sink;

    /** The workload payloads: M1 = (a) {@code a{sv}}, M2 = (b) Notify, M3 = (c) GetManagedObjects. */
    static Message payload(String name) {
        return switch (name) {
            case "M1" -> Payloads.echoDict();
            case "M2" -> Payloads.notify_();
            case "M3" -> Payloads.managedObjects();
            default -> throw new IllegalArgumentException("unknown payload " + name);
        };
    }

    /**
     * Builds the payload's message again from its arguments, as an application does for each
     * call (and as dbus-java must: its messages serialise as they are constructed). The
     * arguments themselves are built once, as {@code DbusJavaClient.marshalling} builds its own.
     */
    static Supplier<Message> builder(String name) {
        Message m = payload(name);
        Object[] args = m.body().toArray();
        String signature = m.signature().toString();
        if (m.type() == MessageType.METHOD_CALL) {
            var target = new DBusAddress(m.path().value(), m.destination(), m.interfaceName());
            String member = m.member();
            return () -> Messages.newMethodCall(target, member, signature, args);
        }
        MessageType type = m.type();
        int replySerial = m.replySerial();
        String destination = m.destination();
        return () -> Message.builder(type).replySerial(replySerial).destination(destination).body(signature, args).build();
    }

    /** As {@link #roundTrip}, building the message each time ({@link #builder}): what dbus-java's loop does. */
    static Runnable buildingRoundTrip(String name) {
        Supplier<Message> build = builder(name);
        var writer = new MessageWriter();
        var parser = new MessageParser();
        return () -> {
            parser.feed(writer.write(build.get(), 1));
            sink = parser.next();
        };
    }

    /** Serialise + parse of one message built once: what the Jeepney, dbus-fast and C loops do. */
    static Runnable roundTrip(String name) {
        Message message = payload(name);
        var writer = new MessageWriter();
        var parser = new MessageParser();
        return () -> {
            parser.feed(writer.write(message, 1));
            sink = parser.next();
        };
    }
}
