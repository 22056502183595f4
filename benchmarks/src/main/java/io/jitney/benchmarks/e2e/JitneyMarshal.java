package io.jitney.benchmarks.e2e;

import io.jitney.benchmarks.Payloads;
import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageWriter;

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
