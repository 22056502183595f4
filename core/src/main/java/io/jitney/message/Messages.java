package io.jitney.message;

import io.jitney.wire.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Factories that read like the spec, as in Jeepney: a method call to a remote object, a method
 * return or error replying to a call, a signal from an emitter. All names are validated, the
 * required header fields are set, and the body must have one value per type of the signature.
 */
public final class Messages {
    private Messages() {}

    /**
     * A method call to {@code target}'s interface. {@code signature} may be {@code ""} (or
     * {@code null}) for a call without arguments.
     */
    public static Message newMethodCall(DBusAddress target, String method, String signature, Object... args) {
        Objects.requireNonNull(target, "target");
        return Message.builder(MessageType.METHOD_CALL)
                .path(target.objectPath())
                .destination(target.busName())
                .interfaceName(target.interfaceName())
                .member(method)
                .body(sig(signature), Arrays.asList(args))
                .build();
    }

    /** A method call whose arguments are a list (for generated code and proxies). */
    public static Message newMethodCall(DBusAddress target, String method, Signature signature, List<?> args) {
        return Message.builder(MessageType.METHOD_CALL)
                .path(target.objectPath())
                .destination(target.busName())
                .interfaceName(target.interfaceName())
                .member(method)
                .body(signature, args)
                .build();
    }

    /** A successful reply to {@code call}, addressed to its sender. */
    public static Message newMethodReturn(Message call, String signature, Object... values) {
        checkIsCall(call);
        return Message.builder(MessageType.METHOD_RETURN)
                .replySerial(call.serial())
                .destination(call.sender())
                .body(sig(signature), Arrays.asList(values))
                .build();
    }

    /**
     * An error reply to {@code call}, addressed to its sender. By convention the first argument
     * is a human-readable message: see {@link #newError(Message, String, String)}.
     */
    public static Message newError(Message call, String errorName, String signature, Object... values) {
        checkIsCall(call);
        return Message.builder(MessageType.ERROR)
                .replySerial(call.serial())
                .destination(call.sender())
                .errorName(errorName)
                .body(sig(signature), Arrays.asList(values))
                .build();
    }

    /** An error reply carrying one string: the error text. */
    public static Message newError(Message call, String errorName, String text) {
        return newError(call, errorName, "s", text);
    }

    /** A signal emitted from {@code emitter} (its path and interface; its bus name is not used). */
    public static Message newSignal(DBusAddress emitter, String signal, String signature, Object... args) {
        Objects.requireNonNull(emitter, "emitter");
        if (emitter.interfaceName() == null) {
            throw new IllegalArgumentException("a signal needs an interface; the emitter address has none");
        }
        return Message.builder(MessageType.SIGNAL)
                .path(emitter.objectPath())
                .interfaceName(emitter.interfaceName())
                .member(signal)
                .body(sig(signature), Arrays.asList(args))
                .build();
    }

    private static Signature sig(String signature) {
        return signature == null ? Signature.EMPTY : Signature.of(signature);
    }

    private static void checkIsCall(Message call) {
        Objects.requireNonNull(call, "call");
        if (call.type() != MessageType.METHOD_CALL) {
            throw new IllegalArgumentException("can only reply to a METHOD_CALL, not to " + call.type());
        }
        if (call.serial() == 0) {
            throw new IllegalArgumentException("the call has no serial (it was never sent); cannot reply to it");
        }
    }
}
