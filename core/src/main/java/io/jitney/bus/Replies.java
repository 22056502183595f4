package io.jitney.bus;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.wire.Variant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the typed result out of a reply to one of the generated calls: checks that it is a
 * method return whose body has exactly the expected signature and returns the value in its
 * canonical Java type (see {@link io.jitney.wire.Values}: {@code u} is a {@code Long}).
 *
 * <p>An error reply becomes a {@link DBusErrorException} carrying the error name and text; any
 * other surprise an {@link UnexpectedReplyException}. Stateless and thread-safe.
 */
public final class Replies {
    private Replies() {}

    /**
     * The body of a method return with exactly signature {@code signature}.
     *
     * @throws DBusErrorException if {@code reply} is an error
     * @throws UnexpectedReplyException if it is not a method return or its signature differs
     */
    public static List<Object> body(Message reply, String signature) {
        Objects.requireNonNull(reply, "reply");
        if (reply.type() == MessageType.ERROR) {
            throw DBusErrorException.of(reply);
        }
        if (reply.type() != MessageType.METHOD_RETURN) {
            throw new UnexpectedReplyException("expected a METHOD_RETURN, got " + reply, signature, reply);
        }
        if (!reply.signature().toString().equals(signature)) {
            throw new UnexpectedReplyException("expected a reply with signature '" + signature + "', got '"
                    + reply.signature() + "': " + reply, signature, reply);
        }
        return reply.body();
    }

    /** Checks that the reply is a method return with an empty body (e.g. {@code AddMatch}). */
    public static void empty(Message reply) {
        body(reply, "");
    }

    /** The one {@code s} of the reply. */
    public static String string(Message reply) {
        return body(reply, "s").getFirst().toString();
    }

    /** The one {@code u} of the reply, as 0..2^32-1. */
    public static long uint32(Message reply) {
        return ((Number) body(reply, "u").getFirst()).longValue();
    }

    /** The one {@code b} of the reply. */
    public static boolean bool(Message reply) {
        return (Boolean) body(reply, "b").getFirst();
    }

    /** The one {@code as} of the reply. */
    @SuppressWarnings("unchecked")
    public static List<String> stringList(Message reply) {
        return (List<String>) body(reply, "as").getFirst();
    }

    /** The one {@code ay} of the reply. */
    public static byte[] bytes(Message reply) {
        return ((byte[]) body(reply, "ay").getFirst()).clone();
    }

    /** The one {@code v} of the reply (e.g. {@code Properties.Get}). */
    public static Variant variant(Message reply) {
        return (Variant) body(reply, "v").getFirst();
    }

    /** The one {@code a{sv}} of the reply (e.g. {@code GetAll}, {@code GetConnectionCredentials}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Variant> stringVariantMap(Message reply) {
        return (Map<String, Variant>) body(reply, "a{sv}").getFirst();
    }

    /**
     * The value of a {@code Properties.Get} reply whose variant must hold {@code signature}.
     *
     * @throws UnexpectedReplyException if the variant holds another type
     */
    public static Object propertyValue(Message reply, String signature) {
        Variant v = variant(reply);
        if (!v.signature().toString().equals(signature)) {
            throw new UnexpectedReplyException("expected a property of type '" + signature + "', got " + v,
                    "v containing " + signature, reply);
        }
        return v.value();
    }

    /** A {@code Properties.Get} reply whose variant holds {@code as} (e.g. the bus's {@code Features}). */
    @SuppressWarnings("unchecked")
    public static List<String> stringListProperty(Message reply) {
        return (List<String>) propertyValue(reply, "as");
    }
}
