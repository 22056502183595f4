package io.jitney.bus;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.proxy.MessageGenerator;
import io.jitney.routing.MatchRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Message generator for {@code org.freedesktop.DBus.Monitoring} on the bus object (spec,
 * "Monitoring Interface: org.freedesktop.DBus.Monitoring"). Builds messages only; immutable and
 * thread-safe.
 */
public final class Monitoring extends MessageGenerator {
    /** The interface name. */
    public static final String INTERFACE = "org.freedesktop.DBus.Monitoring";
    /** Its address on the bus object. */
    public static final DBusAddress ADDRESS = MessageBus.ADDRESS.withInterface(INTERFACE);

    /** A generator for the bus at the standard address. */
    public Monitoring() {
        super(ADDRESS);
    }

    /**
     * {@code BecomeMonitor(as rules, u flags)} with flags 0: turns the sending connection into
     * a monitor that receives every message matching one of the rules (each treated as if it
     * had {@code eavesdrop='true'}); an empty list means every message. The connection loses its
     * names and may send nothing afterwards: use a connection of its own.
     */
    public Message becomeMonitor(List<MatchRule> rules) {
        var texts = new ArrayList<String>(rules.size());
        for (MatchRule r : rules) {
            texts.add(r.serialize());
        }
        return Messages.newMethodCall(ADDRESS, "BecomeMonitor", "asu", texts, 0L);
    }

    /** {@code BecomeMonitor} with these rules; none means every message. */
    public Message becomeMonitor(MatchRule... rules) {
        return becomeMonitor(Arrays.asList(rules));
    }

    /**
     * {@code BecomeMonitor} with rules given as text, each parsed (a malformed one fails here
     * with a {@link io.jitney.routing.MatchRuleSyntaxException}) and sent in canonical form.
     */
    public Message becomeMonitorFromStrings(List<String> rules) {
        var parsed = new ArrayList<MatchRule>(rules.size());
        for (String r : rules) {
            parsed.add(MatchRule.parse(r));
        }
        return becomeMonitor(parsed);
    }
}
