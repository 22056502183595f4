package io.jitney.routing;

import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.names.BusName;
import io.jitney.wire.BasicType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which unique connection owns each well-known name it has been told about, so that
 * match rules with a well-known {@code sender} can be evaluated locally ({@link NameOwners}).
 *
 * <p>How a connection keeps it current, for each well-known name a subscription uses: add
 * {@link MatchRule#nameOwnerChangedRule(String)} on the bus, <em>then</em> call
 * {@code GetNameOwner}; pass every received message to {@link #onMessage(Message)} and the
 * {@code GetNameOwner} reply to {@link #onGetNameOwnerReply(String, Message)}. The bus sends
 * both on one socket in order, so applying them in the order they arrive leaves the right
 * owner, whichever came first.
 *
 * <p>Thread-safe: updates and lookups may come from any thread. It holds at most one entry per
 * name with a current owner (an owner lost removes the entry); it never does I/O.
 */
public final class NameOwnerTracker implements NameOwners {
    private static final String BUS = "org.freedesktop.DBus";
    private static final String NAME_HAS_NO_OWNER = "org.freedesktop.DBus.Error.NameHasNoOwner";

    private final ConcurrentHashMap<String, String> owners = new ConcurrentHashMap<>();

    /** An empty tracker. */
    public NameOwnerTracker() {}

    @Override
    public String uniqueOwnerOf(String wellKnownName) {
        return wellKnownName == null ? null : owners.get(wellKnownName);
    }

    /**
     * Applies a message if it is the bus's {@code org.freedesktop.DBus.NameOwnerChanged} signal
     * (sender {@code org.freedesktop.DBus}, body {@code sss}: name, old owner, new owner) about
     * a well-known name; ignores every other message.
     *
     * @return true if the message was such a signal and was applied
     */
    public boolean onMessage(Message m) {
        Objects.requireNonNull(m, "m");
        if (m.type() != MessageType.SIGNAL
                || !BUS.equals(m.sender())
                || !BUS.equals(m.interfaceName())
                || !"NameOwnerChanged".equals(m.member())
                || !m.signature().toString().equals("sss")) {
            return false;
        }
        List<Object> body = m.body();
        String name = body.get(0).toString();
        String newOwner = body.get(2).toString();
        if (!BusName.isValid(name) || name.startsWith(":")) {
            return false;
        }
        if (newOwner.isEmpty()) {
            owners.remove(name);
        } else if (BusName.isValid(newOwner) && newOwner.startsWith(":")) {
            owners.put(name, newOwner);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Records the owner of a well-known name, e.g. from a {@code GetNameOwner} reply;
     * {@code uniqueOwner == null} records that it has none.
     *
     * @throws IllegalArgumentException if {@code name} is not a well-known bus name or
     *     {@code uniqueOwner} not a unique one
     */
    public void setOwner(String name, String uniqueOwner) {
        BusName.check(name);
        if (name.startsWith(":")) {
            throw new IllegalArgumentException("'" + name
                    + "' is a unique name; only well-known names have owners to track");
        }
        if (uniqueOwner == null) {
            owners.remove(name);
            return;
        }
        BusName.check(uniqueOwner);
        if (!uniqueOwner.startsWith(":")) {
            throw new IllegalArgumentException("owner '" + uniqueOwner + "' is not a unique name (':1.42')");
        }
        owners.put(name, uniqueOwner);
    }

    /**
     * Applies the reply to {@code GetNameOwner(name)}: a method return with the owner's unique
     * name, or the error {@code org.freedesktop.DBus.Error.NameHasNoOwner}.
     *
     * @return true if the reply was one of those and was applied; false for another error
     */
    public boolean onGetNameOwnerReply(String name, Message reply) {
        Objects.requireNonNull(reply, "reply");
        if (reply.type() == MessageType.METHOD_RETURN
                && reply.signature().types().size() == 1
                && reply.signature().type() == BasicType.STRING) {
            setOwner(name, reply.body().getFirst().toString());
            return true;
        }
        if (reply.type() == MessageType.ERROR && NAME_HAS_NO_OWNER.equals(reply.errorName())) {
            setOwner(name, null);
            return true;
        }
        return false;
    }

    /** Forgets a name (when no subscription needs it any more). */
    public void forget(String name) {
        owners.remove(name);
    }

    /** Forgets every name (e.g. after reconnecting to a bus). */
    public void clear() {
        owners.clear();
    }

    /** A copy of the current well-known name → unique owner map. */
    public Map<String, String> snapshot() {
        return Map.copyOf(owners);
    }

    @Override
    public String toString() {
        return "NameOwnerTracker" + owners;
    }
}
