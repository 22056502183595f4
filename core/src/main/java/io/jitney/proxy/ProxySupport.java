package io.jitney.proxy;

import io.jitney.bus.Properties;
import io.jitney.bus.Replies;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.routing.MatchRule;
import io.jitney.wire.Variant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** What the generic proxies of every integration share: building calls, rules and property messages. */
final class ProxySupport {
    private ProxySupport() {}

    /** Runs the generator method and checks that it built a method call. */
    static <G> Message build(G generator, Function<? super G, Message> build) {
        Objects.requireNonNull(build, "build");
        Message m = build.apply(generator);
        if (m == null || m.type() != MessageType.METHOD_CALL) {
            throw new IllegalArgumentException("the generator must build a METHOD_CALL, got " + m);
        }
        return m;
    }

    static boolean noReply(Message call) {
        return call.hasFlag(MessageFlag.NO_REPLY_EXPECTED);
    }

    /**
     * The rule for signal {@code member} of the generator's interface from its object, sent by
     * its bus name (when it has one).
     */
    static MatchRule signalRule(DBusAddress address, String interfaceName, String member) {
        var b = MatchRule.builder().type(MessageType.SIGNAL).path(address.objectPath())
                .interfaceName(interfaceName).member(member);
        if (address.busName() != null) {
            b.sender(address.busName());
        }
        return b.build();
    }

    static MatchRule signalRule(MessageGenerator generator, String member) {
        return signalRule(generator.address(), interfaceOf(generator), member);
    }

    static String interfaceOf(MessageGenerator generator) {
        String iface = generator.interfaceName();
        if (iface == null) {
            throw new IllegalStateException("the generator's address has no interface: " + generator.address());
        }
        return iface;
    }

    static Properties properties(MessageGenerator generator) {
        return new Properties(generator.address());
    }

    static Message getProperty(MessageGenerator generator, String name) {
        return properties(generator).get(interfaceOf(generator), name);
    }

    static Message setProperty(MessageGenerator generator, String name, Variant value) {
        return properties(generator).set(interfaceOf(generator), name, value);
    }

    static Message getAllProperties(MessageGenerator generator) {
        return properties(generator).getAll(interfaceOf(generator));
    }

    /** The value inside the variant of a {@code Get} reply. */
    static Object propertyValue(Message reply) {
        return Replies.variant(reply).value();
    }

    static Map<String, Variant> allProperties(Message reply) {
        return Replies.stringVariantMap(reply);
    }
}
