package io.jitney.proxy;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;
import io.jitney.names.ErrorName;
import io.jitney.names.InterfaceName;
import io.jitney.names.MemberName;
import io.jitney.wire.Signature;
import io.jitney.wire.Type;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * A {@link DBusInterface} Java interface, checked and analysed once: every abstract method
 * mapped to a D-Bus method call or property access with its codecs, and the nested signal
 * records. Any mismatch is an {@link IllegalArgumentException} naming the Java method.
 * Immutable and thread-safe.
 */
final class InterfaceModel {
    final Class<?> type;
    final String interfaceName;
    final Map<Method, MethodModel> methods;
    final Map<Class<?>, SignalModel> signals;

    private InterfaceModel(Class<?> type, String interfaceName, Map<Method, MethodModel> methods,
            Map<Class<?>, SignalModel> signals) {
        this.type = type;
        this.interfaceName = interfaceName;
        this.methods = methods;
        this.signals = signals;
    }

    enum Kind { CALL, GET, SET }

    /** How a method's result is delivered. */
    enum Mode {
        /** The caller waits and gets the value. */
        SYNC,
        /** A {@code CompletableFuture} (or {@code CompletionStage}) of the value, at once. */
        FUTURE,
        /** A {@link ReturnAdapter}'s type, e.g. {@code Mono}. */
        ADAPTER
    }

    /** How the reply body becomes the Java result. */
    enum Result { NONE, SINGLE, RECORD, BODY }

    /** One abstract method of the interface. */
    static final class MethodModel {
        final Method method;
        final String description;
        final Kind kind;
        final String interfaceName;
        /** The D-Bus method, or the property name. */
        final String member;
        final Signature in;
        final Codec[] params;
        final Mode mode;
        final ReturnAdapter adapter;
        /** The reply signature to insist on, or {@code null} to take any. */
        final String out;
        final Result result;
        /** SINGLE: the value's codec; GET/SET: the property's. */
        final Codec codec;
        /** RECORD: the components' codecs and the constructor. */
        final Codec[] components;
        final Constructor<?> constructor;
        final boolean noReply;
        final Map<String, Constructor<?>> errors;
        final boolean interruptible;

        private MethodModel(Builder b) {
            this.method = b.method;
            this.description = b.description;
            this.kind = b.kind;
            this.interfaceName = b.interfaceName;
            this.member = b.member;
            this.in = b.in;
            this.params = b.params;
            this.mode = b.mode;
            this.adapter = b.adapter;
            this.out = b.out;
            this.result = b.result;
            this.codec = b.codec;
            this.components = b.components;
            this.constructor = b.constructor;
            this.noReply = b.noReply;
            this.errors = Map.copyOf(b.errors);
            this.interruptible = b.interruptible;
        }

        /** The Java result from a reply body (the body's signature already checked). */
        Object decode(List<Object> body) {
            return switch (result) {
                case NONE -> null;
                case SINGLE -> codec.fromWire(body.getFirst());
                case RECORD -> Codec.construct(constructor, components, body);
                case BODY -> body;
            };
        }

        /** The arguments for the wire, converted and checked for null. */
        List<Object> arguments(Object[] args) {
            if (params.length == 0) {
                return List.of();
            }
            var out = new ArrayList<Object>(params.length);
            for (int i = 0; i < params.length; i++) {
                if (args[i] == null) {
                    throw new IllegalArgumentException(description + ": argument " + i + " ("
                            + method.getParameters()[i].getName() + ") is null; D-Bus has no null value");
                }
                out.add(params[i].toWire(args[i]));
            }
            return out;
        }
    }

    private static final class Builder {
        Method method;
        String description;
        Kind kind = Kind.CALL;
        String interfaceName;
        String member;
        Signature in = Signature.EMPTY;
        Codec[] params = new Codec[0];
        Mode mode = Mode.SYNC;
        ReturnAdapter adapter;
        String out;
        Result result = Result.NONE;
        Codec codec;
        Codec[] components;
        Constructor<?> constructor;
        boolean noReply;
        Map<String, Constructor<?>> errors = new HashMap<>();
        boolean interruptible;
    }

    /**
     * Analyses {@code type}.
     *
     * @throws IllegalArgumentException naming the method, for anything that does not map
     */
    static InterfaceModel of(Class<?> type, List<ReturnAdapter> adapters) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface");
        }
        String iface = interfaceName(type);
        if (iface == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @DBusInterface");
        }
        var methods = new LinkedHashMap<Method, MethodModel>();
        var properties = new HashMap<String, MethodModel>();
        Method[] all = type.getMethods();
        Arrays.sort(all, java.util.Comparator.comparing(Method::toGenericString)); // deterministic messages
        for (Method m : all) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault() || isObjectMethod(m)) {
                continue;
            }
            MethodModel model;
            try {
                model = method(type, iface, m, adapters);
            } catch (Codec.MappingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(describe(type, m) + ": " + e.getMessage(), e);
            }
            if (model.kind != Kind.CALL) {
                String key = model.interfaceName + "." + model.member;
                MethodModel other = properties.putIfAbsent(key, model);
                if (other != null && !other.codec.signature().equals(model.codec.signature())) {
                    throw new IllegalArgumentException(describe(type, m) + ": property " + model.member
                            + " has D-Bus type '" + model.codec.signature() + "' here but '" + other.codec.signature()
                            + "' in " + other.description);
                }
            }
            methods.put(m, model);
        }
        var signals = new LinkedHashMap<Class<?>, SignalModel>();
        collectSignals(type, signals);
        return new InterfaceModel(type, iface, Map.copyOf(methods), Map.copyOf(signals));
    }

    private static void collectSignals(Class<?> type, Map<Class<?>, SignalModel> out) {
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (nested.isAnnotationPresent(DBusSignal.class)) {
                out.put(nested, SignalModel.of(nested));
            }
        }
        for (Class<?> sup : type.getInterfaces()) {
            collectSignals(sup, out);
        }
    }

    /** The interface name of {@code type}'s own annotation, checked; {@code null} without one. */
    static String interfaceName(Class<?> type) {
        DBusInterface a = type.getAnnotation(DBusInterface.class);
        if (a == null) {
            return null;
        }
        String problem = InterfaceName.problem(a.value());
        if (problem != null) {
            throw new IllegalArgumentException(type.getName() + ": @DBusInterface(\"" + a.value()
                    + "\") is not a valid interface name: " + problem);
        }
        return a.value();
    }

    static String describe(Class<?> type, Method m) {
        return type.getSimpleName() + "." + m.getName() + "(" + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static MethodModel method(Class<?> type, String defaultInterface, Method m, List<ReturnAdapter> adapters) {
        var b = new Builder();
        b.method = m;
        b.description = describe(type, m);
        String own = m.getDeclaringClass() == type ? null : interfaceName(m.getDeclaringClass());
        b.interfaceName = own != null ? own : defaultInterface;
        DBusMethod call = m.getAnnotation(DBusMethod.class);
        DBusProperty property = m.getAnnotation(DBusProperty.class);
        if (call != null && property != null) {
            throw new IllegalArgumentException("@DBusMethod and @DBusProperty on one method");
        }
        returnMode(b, m, adapters);
        errors(b, m);
        java.lang.reflect.Type value = valueType(b, m);
        boolean isVoid = value == void.class || value == Void.class;
        Type methodType = Codec.declared(m.getAnnotation(DBusType.class));
        if (property != null) {
            property(b, m, property, value, isVoid, methodType);
            return new MethodModel(b);
        }
        String name = call != null && !call.name().isEmpty() ? call.name() : capitalize(m.getName());
        String problem = MemberName.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("'" + name + "' is not a valid D-Bus member name: " + problem
                    + (call == null || call.name().isEmpty() ? " (set @DBusMethod(name = ...))" : ""));
        }
        b.member = name;
        parameters(b, m);
        String outText = call == null ? "" : call.out();
        b.noReply = call != null && call.noReply();
        if (b.noReply && (!isVoid || b.mode != Mode.SYNC)) {
            throw new IllegalArgumentException("@DBusMethod(noReply = true) needs a void return type, not "
                    + m.getGenericReturnType().getTypeName());
        }
        if (b.noReply && !outText.isEmpty()) {
            throw new IllegalArgumentException("@DBusMethod(noReply = true) cannot have an out signature");
        }
        result(b, value, isVoid, methodType, outText);
        return new MethodModel(b);
    }

    private static void returnMode(Builder b, Method m, List<ReturnAdapter> adapters) {
        Class<?> raw = m.getReturnType();
        if (raw == CompletableFuture.class || raw == CompletionStage.class) {
            b.mode = Mode.FUTURE;
            return;
        }
        for (ReturnAdapter a : adapters) {
            if (a.type() == raw) {
                b.mode = Mode.ADAPTER;
                b.adapter = a;
                return;
            }
        }
    }

    /** The type of the value the method gives: its return type, or the X of Future&lt;X&gt;. */
    private static java.lang.reflect.Type valueType(Builder b, Method m) {
        java.lang.reflect.Type generic = m.getGenericReturnType();
        if (b.mode == Mode.SYNC) {
            return generic;
        }
        if (!(generic instanceof ParameterizedType p) || p.getActualTypeArguments().length != 1) {
            throw new IllegalArgumentException("return type " + generic.getTypeName() + " needs its type argument");
        }
        java.lang.reflect.Type arg = p.getActualTypeArguments()[0];
        if (arg instanceof WildcardType w && w.getLowerBounds().length == 0) {
            arg = w.getUpperBounds()[0];
        }
        return arg;
    }

    private static void errors(Builder b, Method m) {
        for (Class<?> ex : m.getExceptionTypes()) {
            if (ex == InterruptedException.class) {
                b.interruptible = true;
                continue;
            }
            DBusError error = ex.getAnnotation(DBusError.class);
            if (error == null) {
                continue;
            }
            if (!DBusErrorException.class.isAssignableFrom(ex)) {
                throw new IllegalArgumentException("@DBusError class " + ex.getSimpleName()
                        + " must extend io.jitney.DBusErrorException");
            }
            String problem = ErrorName.problem(error.value());
            if (problem != null) {
                throw new IllegalArgumentException("@DBusError(\"" + error.value() + "\") on " + ex.getSimpleName()
                        + " is not a valid error name: " + problem);
            }
            Constructor<?> c;
            try {
                c = ex.getDeclaredConstructor(String.class, String.class, Message.class);
                c.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("@DBusError class " + ex.getSimpleName()
                        + " needs a constructor (String errorName, String errorText, Message reply)");
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("@DBusError class " + ex.getSimpleName()
                        + " is not accessible to Jitney: open its package to module io.jitney.core (" + e.getMessage()
                        + ")");
            }
            Constructor<?> previous = b.errors.put(error.value(), c);
            if (previous != null && previous != c) {
                throw new IllegalArgumentException("two exceptions in the throws clause map error " + error.value());
            }
        }
    }

    private static void parameters(Builder b, Method m) {
        var params = m.getParameters();
        var generic = m.getGenericParameterTypes();
        b.params = new Codec[params.length];
        var types = new ArrayList<Type>();
        for (int i = 0; i < params.length; i++) {
            try {
                b.params[i] = Codec.of(generic[i], Codec.declared(params[i].getAnnotation(DBusType.class)));
            } catch (Codec.MappingException e) {
                throw new IllegalArgumentException("parameter " + i + " (" + generic[i].getTypeName() + "): "
                        + e.getMessage());
            }
            types.add(b.params[i].type);
        }
        b.in = signature(types, "the in signature");
    }

    private static void result(Builder b, java.lang.reflect.Type value, boolean isVoid, Type methodType,
            String outText) {
        Signature out = null;
        if (!outText.isEmpty()) {
            if (!Signature.isValid(outText)) {
                throw new IllegalArgumentException("@DBusMethod(out = \"" + outText + "\") is not a valid signature");
            }
            out = Signature.of(outText);
        }
        if (isVoid) {
            if (methodType != null) {
                throw new IllegalArgumentException("@DBusType on a method without a value");
            }
            b.result = Result.NONE;
            return;
        }
        if (out == null || out.isSingleCompleteType()) {
            Type declared = out == null ? methodType : out.type();
            if (out != null && methodType != null && !methodType.equals(declared)) {
                throw new IllegalArgumentException("@DBusType(\"" + methodType + "\") disagrees with out = \"" + out
                        + "\"");
            }
            if (declared == null && isBody(value)) {
                throw new IllegalArgumentException("returns " + value.getTypeName()
                        + ": say which values with @DBusMethod(out = \"...\")");
            }
            try {
                b.codec = Codec.of(value, declared);
            } catch (Codec.MappingException e) {
                throw new IllegalArgumentException("return type " + value.getTypeName() + ": " + e.getMessage());
            }
            b.result = Result.SINGLE;
            b.out = b.codec.signature();
            return;
        }
        if (methodType != null) {
            throw new IllegalArgumentException("@DBusType describes one value, but out = \"" + out + "\" has "
                    + out.types().size());
        }
        b.out = out.toString();
        if (isBody(value)) {
            b.result = Result.BODY;
            return;
        }
        if (!(value instanceof Class<?> c) || !c.isRecord()) {
            throw new IllegalArgumentException("out = \"" + out + "\" has " + out.types().size()
                    + " values: return a record with one component per value (or List<Object>), not "
                    + value.getTypeName());
        }
        var rcs = c.getRecordComponents();
        if (rcs.length != out.types().size()) {
            throw new IllegalArgumentException("out = \"" + out + "\" has " + out.types().size() + " values but record "
                    + c.getSimpleName() + " has " + rcs.length + " components");
        }
        try {
            b.components = Codec.componentCodecs(c, rcs, out.types());
            b.constructor = Codec.canonicalConstructor(c);
        } catch (Codec.MappingException e) {
            throw new IllegalArgumentException("return type: " + e.getMessage());
        }
        b.result = Result.RECORD;
    }

    /** {@code List<Object>} or {@code Object}: the raw reply body. */
    private static boolean isBody(java.lang.reflect.Type value) {
        return value instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] == Object.class;
    }

    private static void property(Builder b, Method m, DBusProperty property, java.lang.reflect.Type value,
            boolean isVoid, Type methodType) {
        if (property.value().isEmpty()) {
            throw new IllegalArgumentException("@DBusProperty needs the property name");
        }
        b.member = property.value();
        int n = m.getParameterCount();
        if (n == 0 && !isVoid) {
            b.kind = Kind.GET;
            try {
                b.codec = Codec.of(value, methodType);
            } catch (Codec.MappingException e) {
                throw new IllegalArgumentException("property " + property.value() + ": " + e.getMessage());
            }
        } else if (n == 1 && isVoid) {
            b.kind = Kind.SET;
            Type paramType = Codec.declared(m.getParameters()[0].getAnnotation(DBusType.class));
            if (paramType != null && methodType != null && !paramType.equals(methodType)) {
                throw new IllegalArgumentException("@DBusType on the method and on its parameter disagree");
            }
            try {
                b.codec = Codec.of(m.getGenericParameterTypes()[0], paramType != null ? paramType : methodType);
            } catch (Codec.MappingException e) {
                throw new IllegalArgumentException("property " + property.value() + ": " + e.getMessage());
            }
        } else {
            throw new IllegalArgumentException("a @DBusProperty method is a getter (no parameters, returns the value) "
                    + "or a setter (one parameter, returns nothing)");
        }
    }

    private static Signature signature(List<Type> types, String what) {
        var sb = new StringBuilder();
        for (Type t : types) {
            sb.append(t.signature());
        }
        String text = sb.toString();
        if (!Signature.isValid(text)) {
            throw new IllegalArgumentException(what + " '" + text
                    + "' is not a valid D-Bus signature (too long or too deep)");
        }
        return Signature.of(text);
    }

    private static String capitalize(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
