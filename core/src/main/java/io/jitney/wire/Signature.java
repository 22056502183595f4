package io.jitney.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A validated D-Bus signature: zero or more single complete types.
 *
 * <p>{@link #of(String)} parses and validates (type codes, balanced brackets, dict entries only
 * in arrays with a basic key and exactly two types, no empty structs, at most 32 nested arrays
 * and 32 nested structs, at most 255 bytes) and reports the position of the first problem in a
 * {@link SignatureException}. Parsed signatures are cached, so {@code of} is cheap for the
 * signatures a program uses again and again. Immutable and thread-safe. See the spec,
 * "Valid Signatures".
 */
public final class Signature implements Comparable<Signature> {
    /** The empty signature: a message body with no arguments. */
    public static final Signature EMPTY = new Signature("", List.of());

    private static final int CACHE_LIMIT = 4096;
    private static final ConcurrentHashMap<String, Signature> CACHE = new ConcurrentHashMap<>();
    private static final Signature[] SINGLE_BASIC = new Signature[128];

    static {
        for (BasicType t : BasicType.values()) {
            SINGLE_BASIC[t.code()] = new Signature(t.signature(), List.of(t));
        }
        SINGLE_BASIC['v'] = new Signature("v", List.of(Type.Variant.INSTANCE));
    }

    private final String text;
    private final List<Type> types;
    /** The one type of a single-complete-type signature, else null: variants ask on every value. */
    private final Type single;

    private Signature(String text, List<Type> types) {
        this.text = text;
        this.types = types;
        this.single = types.size() == 1 ? types.getFirst() : null;
    }

    /**
     * Parses and validates a signature.
     *
     * @throws SignatureException if {@code text} is not a valid signature
     */
    public static Signature of(String text) {
        if (text.length() == 1) {
            char c = text.charAt(0);
            if (c < 128 && SINGLE_BASIC[c] != null) {
                return SINGLE_BASIC[c];
            }
        } else if (text.isEmpty()) {
            return EMPTY;
        }
        Signature cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        Signature parsed = new Signature(text, new Parser(text).parseAll());
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.putIfAbsent(text, parsed);
        }
        return parsed;
    }

    /** The signature made of these types in order. */
    public static Signature of(List<? extends Type> types) {
        var sb = new StringBuilder();
        for (Type t : types) {
            sb.append(t.signature());
        }
        return of(sb.toString());
    }

    /** The signature of one type. */
    public static Signature of(Type type) {
        return of(type.signature());
    }

    /** True if {@code text} is a valid signature; never throws. */
    public static boolean isValid(String text) {
        try {
            of(text);
            return true;
        } catch (SignatureException e) {
            return false;
        }
    }

    /** The single complete types, in order. */
    public List<Type> types() {
        return types;
    }

    /** True if this signature is exactly one single complete type (as a variant requires). */
    public boolean isSingleCompleteType() {
        return single != null;
    }

    /**
     * The one type of a single-complete-type signature.
     *
     * @throws IllegalStateException if this signature has zero or several types
     */
    public Type type() {
        if (single == null) {
            throw new IllegalStateException("signature '" + text + "' is not a single complete type");
        }
        return single;
    }

    /** True for the empty signature. */
    public boolean isEmpty() {
        return types.isEmpty();
    }

    /** The signature text, e.g. {@code "a{sv}"}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public int compareTo(Signature o) {
        return text.compareTo(o.text);
    }

    /** Recursive-descent parser over the signature text; tracks depths for the spec's limits. */
    private static final class Parser {
        private final String text;
        private int pos;
        private int arrayDepth;
        private int structDepth;
        private int dictDepth;

        Parser(String text) {
            this.text = text;
        }

        List<Type> parseAll() {
            if (text.length() > Limits.MAX_SIGNATURE_LENGTH) {
                throw fail(Limits.MAX_SIGNATURE_LENGTH, "longer than " + Limits.MAX_SIGNATURE_LENGTH + " bytes (" + text.length() + ")");
            }
            var result = new ArrayList<Type>();
            while (pos < text.length()) {
                result.add(parseOne(false));
            }
            return List.copyOf(result);
        }

        private Type parseOne(boolean inArray) {
            if (pos >= text.length()) {
                throw fail(pos, "expected a type, found the end of the signature");
            }
            int start = pos;
            char c = text.charAt(pos++);
            switch (c) {
                case 'a' -> {
                    if (++arrayDepth > Limits.MAX_ARRAY_DEPTH) {
                        throw fail(start, "more than " + Limits.MAX_ARRAY_DEPTH + " nested arrays");
                    }
                    if (pos >= text.length()) {
                        throw fail(pos, "array type code 'a' must be followed by an element type");
                    }
                    Type element = parseOne(true);
                    arrayDepth--;
                    return new Type.Array(element);
                }
                case '(' -> {
                    if (++structDepth > Limits.MAX_STRUCT_DEPTH) {
                        throw fail(start, "more than " + Limits.MAX_STRUCT_DEPTH + " nested structs");
                    }
                    var fields = new ArrayList<Type>();
                    while (true) {
                        if (pos >= text.length()) {
                            throw fail(pos, "struct opened at position " + start + " is not closed");
                        }
                        if (text.charAt(pos) == ')') {
                            if (fields.isEmpty()) {
                                throw fail(pos, "empty struct '()' is not allowed");
                            }
                            pos++;
                            break;
                        }
                        fields.add(parseOne(false));
                    }
                    structDepth--;
                    return new Type.Struct(fields);
                }
                case '{' -> {
                    if (!inArray) {
                        throw fail(start, "dict entry '{' is only allowed as an array element type");
                    }
                    if (++dictDepth > Limits.MAX_STRUCT_DEPTH) {
                        throw fail(start, "more than " + Limits.MAX_STRUCT_DEPTH + " nested dict entries");
                    }
                    if (pos >= text.length()) {
                        throw fail(pos, "dict entry opened at position " + start + " is not closed");
                    }
                    int keyPos = pos;
                    Type key = parseOne(false);
                    if (!(key instanceof BasicType basicKey)) {
                        throw fail(keyPos, "dict entry key must be a basic type, not '" + key.signature() + "'");
                    }
                    if (pos >= text.length() || text.charAt(pos) == '}') {
                        throw fail(pos, "dict entry needs exactly two types (a key and a value)");
                    }
                    Type value = parseOne(false);
                    if (pos >= text.length()) {
                        throw fail(pos, "dict entry opened at position " + start + " is not closed");
                    }
                    if (text.charAt(pos) != '}') {
                        throw fail(pos, "dict entry has more than two types");
                    }
                    pos++;
                    dictDepth--;
                    return new Type.DictEntry(basicKey, value);
                }
                case 'v' -> {
                    return Type.Variant.INSTANCE;
                }
                case ')' -> throw fail(start, "')' without a matching '('");
                case '}' -> throw fail(start, "'}' without a matching '{'");
                case 'r', 'e' -> throw fail(start, "'" + c + "' is not allowed in signatures; use "
                        + (c == 'r' ? "'(...)'" : "'{...}'"));
                default -> {
                    BasicType basic = BasicType.forCode(c);
                    if (basic == null) {
                        throw fail(start, "'" + (c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c))
                                + "' is not a D-Bus type code");
                    }
                    return basic;
                }
            }
        }

        private SignatureException fail(int at, String problem) {
            return new SignatureException(text, at, problem);
        }
    }
}
