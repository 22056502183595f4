package io.jitney.proxy;

import io.jitney.message.Message;
import io.jitney.names.MemberName;
import java.lang.reflect.Constructor;

/**
 * A {@link DBusSignal} record, checked once: its interface and member, its body signature from
 * the components, and how a signal message becomes the record. Immutable and thread-safe.
 */
final class SignalModel {
    private static final ClassValue<SignalModel> CACHE = new ClassValue<>() {
        @Override
        protected SignalModel computeValue(Class<?> type) {
            return build(type);
        }
    };

    final Class<?> type;
    final String interfaceName;
    final String member;
    final String signature;
    private final Codec[] components;
    private final Constructor<?> constructor;

    private SignalModel(Class<?> type, String interfaceName, String member, String signature, Codec[] components,
            Constructor<?> constructor) {
        this.type = type;
        this.interfaceName = interfaceName;
        this.member = member;
        this.signature = signature;
        this.components = components;
        this.constructor = constructor;
    }

    /**
     * The model of signal record {@code type}.
     *
     * @throws IllegalArgumentException naming the record if it is not a valid signal record
     */
    static SignalModel of(Class<?> type) {
        return CACHE.get(type);
    }

    private static SignalModel build(Class<?> type) {
        String where = "signal record " + type.getSimpleName();
        DBusSignal signal = type.getAnnotation(DBusSignal.class);
        if (signal == null) {
            throw new IllegalArgumentException(where + " is not annotated with @DBusSignal");
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(where + ": @DBusSignal belongs on a record");
        }
        String problem = MemberName.problem(signal.value());
        if (problem != null) {
            throw new IllegalArgumentException(where + ": '" + signal.value() + "' is not a valid member name: "
                    + problem);
        }
        String iface = signal.interfaceName();
        if (iface.isEmpty()) {
            Class<?> outer = type.getEnclosingClass();
            iface = outer == null ? null : InterfaceModel.interfaceName(outer);
            if (iface == null) {
                throw new IllegalArgumentException(where + " is not nested in a @DBusInterface: "
                        + "give @DBusSignal(interfaceName = ...)");
            }
        } else {
            io.jitney.names.InterfaceName.check(iface);
        }
        Codec[] codecs;
        try {
            codecs = Codec.componentCodecs(type, type.getRecordComponents(), null);
        } catch (Codec.MappingException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        var sb = new StringBuilder();
        for (Codec c : codecs) {
            sb.append(c.signature());
        }
        Constructor<?> constructor;
        try {
            constructor = Codec.canonicalConstructor(type);
        } catch (Codec.MappingException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return new SignalModel(type, iface, signal.value(), sb.toString(), codecs, constructor);
    }

    /** The record for a signal message, or {@code null} if its body does not have the signature. */
    Object decode(Message m) {
        if (!m.signature().toString().equals(signature)) {
            return null;
        }
        return Codec.construct(constructor, components, m.body());
    }
}
