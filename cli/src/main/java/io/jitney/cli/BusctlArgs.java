package io.jitney.cli;

import io.jitney.wire.BasicType;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.SignatureException;
import io.jitney.wire.Struct;
import io.jitney.wire.Type;
import io.jitney.wire.Variant;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads command-line arguments into D-Bus values for a signature, exactly as busctl reads them
 * (busctl(1), "Parameter formatting"): one argument per basic value; an array as its element
 * count followed by the elements; a dict as its entry count followed by keys and values; a
 * struct as its fields in order; a variant as a signature followed by the value.
 *
 * <pre>{@code
 * BusctlArgs.parse("a{sv}", List.of("1", "One", "s", "Eins"))   // [{One=<s: "Eins">}]
 * }</pre>
 *
 * <p>Numbers are read like systemd's {@code safe_ato*}: leading whitespace, an optional sign,
 * {@code 0x} hex, {@code 0o} and C's leading-{@code 0} octal, {@code 0b} binary; a minus sign on
 * an unsigned type is out of range (except for {@code -0}). Doubles are read like C's
 * {@code strtod}: decimal or hex, {@code inf}, {@code nan}; a value that overflows or underflows
 * is out of range. Booleans are {@code 1 yes y true t on} and {@code 0 no n false f off}, any case.
 * Errors are {@link ArgumentException}s whose message is busctl's, naming the argument.
 * Values come out as {@link io.jitney.wire.Values} reads them ({@code u} a {@code Long},
 * {@code ay} a {@code byte[]}, dicts insertion-ordered). Stateless and thread-safe.
 */
public final class BusctlArgs {
    private BusctlArgs() {}

    /** An argument that does not fit its type, or too few or too many arguments. */
    public static final class ArgumentException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ArgumentException(String message) {
            super(message);
        }
    }

    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX_FLOAT = Pattern.compile(
            "([+-]?)0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
    private static final Pattern NAN = Pattern.compile("[+-]?nan(\\([0-9A-Za-z_]*\\))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern INF = Pattern.compile("([+-]?)inf(inity)?", Pattern.CASE_INSENSITIVE);

    /**
     * The values for {@code signature} read from {@code args}, all of which must be used.
     *
     * @throws ArgumentException if the signature is invalid, an argument does not fit its type,
     *     or there are too few or too many arguments
     */
    public static List<Object> parse(String signature, List<String> args) {
        Signature sig;
        try {
            sig = Signature.of(signature);
        } catch (SignatureException e) {
            throw new ArgumentException("Invalid signature '" + signature + "': " + e.getMessage());
        }
        return parse(sig, args);
    }

    /** {@link #parse(String, List)} with a parsed signature. */
    public static List<Object> parse(Signature signature, List<String> args) {
        var cursor = new Cursor(signature, args);
        var values = new ArrayList<Object>(signature.types().size());
        for (Type t : signature.types()) {
            values.add(cursor.read(t));
        }
        cursor.requireEnd();
        return values;
    }

    /** Reads one value of {@code type} as the first item; the rest must be used up. */
    static Object parseOne(Signature signature, List<String> args) {
        if (!signature.isSingleCompleteType()) {
            throw new ArgumentException("Signature '" + signature + "' is not a single complete type.");
        }
        return parse(signature, args).getFirst();
    }

    private static final class Cursor {
        private final Signature signature;
        private final List<String> args;
        private int next;

        Cursor(Signature signature, List<String> args) {
            this.signature = signature;
            this.args = args;
        }

        String take(Type forType) {
            if (next >= args.size()) {
                throw new ArgumentException("Too few parameters for signature '" + signature + "': no value for '"
                        + forType.signature() + "' after " + (args.isEmpty() ? "the signature"
                        : "argument " + args.size() + " '" + args.getLast() + "'") + ".");
            }
            return args.get(next++);
        }

        void requireEnd() {
            if (next < args.size()) {
                throw new ArgumentException("Too many parameters for signature '" + signature + "': argument "
                        + (next + 1) + " '" + args.get(next) + "' and " + (args.size() - next - 1 == 0 ? "nothing"
                        : (args.size() - next - 1) + " more") + " after it are left over.");
            }
        }

        Object read(Type type) {
            return switch (type) {
                case BasicType b -> basic(b, take(b));
                case Type.Array a -> array(a);
                case Type.Struct s -> {
                    var fields = new ArrayList<Object>(s.fields().size());
                    for (Type f : s.fields()) {
                        fields.add(read(f));
                    }
                    yield new Struct(fields);
                }
                case Type.Variant v -> {
                    String text = take(v);
                    Signature inner;
                    try {
                        inner = Signature.of(text);
                    } catch (SignatureException e) {
                        throw new ArgumentException("Failed to parse '" + text + "' as variant signature: "
                                + e.getMessage());
                    }
                    if (!inner.isSingleCompleteType()) {
                        throw new ArgumentException("Failed to parse '" + text
                                + "' as variant signature: a variant holds exactly one single complete type.");
                    }
                    yield new Variant(inner, read(inner.type()));
                }
                case Type.DictEntry d -> throw new IllegalStateException("dict entry outside an array: " + d);
            };
        }

        private Object array(Type.Array a) {
            String countText = take(a);
            long count;
            try {
                count = parseUnsigned(countText, 32);
            } catch (ArgumentException e) {
                throw new ArgumentException("Failed to parse '" + countText + "' number of array entries: "
                        + e.getMessage());
            }
            if (count > args.size() - next) {
                // Every element takes at least one argument; fail before allocating for the count.
                next = args.size();
                take(a.element());
            }
            int n = (int) count;
            if (a.element() == BasicType.BYTE) {
                byte[] bytes = new byte[n];
                for (int i = 0; i < n; i++) {
                    bytes[i] = (Byte) basic(BasicType.BYTE, take(BasicType.BYTE));
                }
                return bytes;
            }
            if (a.element() instanceof Type.DictEntry entry) {
                var map = new LinkedHashMap<Object, Object>();
                for (int i = 0; i < n; i++) {
                    String keyText = take(entry.key());
                    Object key = basic(entry.key(), keyText);
                    Object value = read(entry.value());
                    if (map.containsKey(key)) {
                        throw new ArgumentException("Duplicate key '" + keyText + "' in dictionary '" + a.signature()
                                + "' (D-Bus calls such a dictionary corrupt).");
                    }
                    map.put(key, value);
                }
                return map;
            }
            var list = new ArrayList<Object>(n);
            for (int i = 0; i < n; i++) {
                list.add(read(a.element()));
            }
            return list;
        }
    }

    /** One basic value from its text, as busctl reads it. */
    static Object basic(BasicType type, String text) {
        return switch (type) {
            case BYTE -> (byte) parseUnsigned(text, 8, "byte (unsigned 8bit integer)");
            case BOOLEAN -> parseBoolean(text);
            case INT16 -> (short) parseSigned(text, 16, "signed 16bit integer");
            case UINT16 -> (int) parseUnsigned(text, 16, "unsigned 16bit integer");
            case INT32 -> (int) parseSigned(text, 32, "signed 32bit integer");
            case UINT32 -> parseUnsigned(text, 32, "unsigned 32bit integer");
            case INT64 -> parseSigned(text, 64, "signed 64bit integer");
            case UINT64 -> parseUnsigned(text, 64, "unsigned 64bit integer");
            case DOUBLE -> parseDouble(text);
            case STRING -> text;
            case OBJECT_PATH -> {
                String problem = ObjectPath.problem(text);
                if (problem != null) {
                    throw new ArgumentException("Failed to parse '" + text + "' as object path: " + problem + ".");
                }
                yield new ObjectPath(text);
            }
            case SIGNATURE -> {
                try {
                    yield Signature.of(text);
                } catch (SignatureException e) {
                    throw new ArgumentException("Failed to parse '" + text + "' as signature: " + e.getMessage());
                }
            }
            case UNIX_FD -> throw new ArgumentException("UNIX file descriptor not supported as type.");
        };
    }

    private static final String EINVAL = "Invalid argument";
    private static final String ERANGE = "Numerical result out of range";

    private static long parseUnsigned(String text, int bits, String what) {
        try {
            return parseUnsigned(text, bits);
        } catch (ArgumentException e) {
            throw new ArgumentException("Failed to parse '" + text + "' as " + what + ": " + e.getMessage());
        }
    }

    private static long parseSigned(String text, int bits, String what) {
        try {
            return parseSigned(text, bits);
        } catch (ArgumentException e) {
            throw new ArgumentException("Failed to parse '" + text + "' as " + what + ": " + e.getMessage());
        }
    }

    /** An unsigned integer of {@code bits} (64 gives the bits of an unsigned long); message is the errno text. */
    static long parseUnsigned(String text, int bits) {
        BigInteger v = parseInteger(text);
        boolean minus = text.strip().startsWith("-");
        if (minus && v.signum() != 0) {
            throw new ArgumentException(ERANGE);
        }
        if (v.signum() < 0 || v.bitLength() > bits) {
            throw new ArgumentException(ERANGE);
        }
        return v.longValue();
    }

    /** A signed integer of {@code bits}; message is the errno text. */
    static long parseSigned(String text, int bits) {
        BigInteger v = parseInteger(text);
        if (v.bitLength() > bits - 1) {
            throw new ArgumentException(ERANGE);
        }
        return v.longValue();
    }

    /**
     * The integer syntax of systemd's {@code safe_ato*} with base 0: whitespace, then either
     * {@code 0b}/{@code 0o} (no sign allowed before them) or C's {@code strtol} syntax (sign, then
     * {@code 0x} hex, leading-{@code 0} octal or decimal). Nothing may follow the number.
     */
    private static BigInteger parseInteger(String text) {
        int i = skipSpace(text, 0);
        String s = text.substring(i);
        int radix;
        String digits;
        boolean negative = false;
        if (startsWithIgnoreCase(s, "0b")) {
            radix = 2;
            digits = s.substring(2);
        } else if (startsWithIgnoreCase(s, "0o")) {
            radix = 8;
            digits = s.substring(2);
        } else {
            int p = 0;
            if (p < s.length() && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                negative = s.charAt(p) == '-';
                p++;
            }
            String rest = s.substring(p);
            if (startsWithIgnoreCase(rest, "0x") && rest.length() > 2 && Character.digit(rest.charAt(2), 16) >= 0) {
                radix = 16;
                digits = rest.substring(2);
            } else if (rest.startsWith("0") && rest.length() > 1) {
                radix = 8;
                digits = rest.substring(1);
            } else {
                radix = 10;
                digits = rest;
            }
            return signed(digits, radix, negative);
        }
        // strtoul after 0b/0o: it skips whitespace and takes a sign of its own.
        int p = skipSpace(digits, 0);
        digits = digits.substring(p);
        if (!digits.isEmpty() && (digits.charAt(0) == '+' || digits.charAt(0) == '-')) {
            negative = digits.charAt(0) == '-';
            digits = digits.substring(1);
        }
        return signed(digits, radix, negative);
    }

    private static BigInteger signed(String digits, int radix, boolean negative) {
        if (digits.isEmpty()) {
            throw new ArgumentException(EINVAL);
        }
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), radix) < 0 || digits.charAt(k) > 'z') {
                throw new ArgumentException(EINVAL);
            }
        }
        BigInteger v = new BigInteger(digits, radix);
        return negative ? v.negate() : v;
    }

    private static boolean parseBoolean(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "y", "true", "t", "on" -> {
                return true;
            }
            case "0", "no", "n", "false", "f", "off" -> {
                return false;
            }
            default -> throw new ArgumentException("Failed to parse '" + text + "' as boolean: " + EINVAL);
        }
    }

    /** C's {@code strtod} in the C locale, with glibc's range errors. */
    static double parseDouble(String text) {
        try {
            return strtod(text);
        } catch (ArgumentException e) {
            throw new ArgumentException("Failed to parse '" + text + "' as double precision floating point: "
                    + e.getMessage());
        }
    }

    private static double strtod(String text) {
        String s = text.substring(skipSpace(text, 0));
        if (NAN.matcher(s).matches()) {
            return s.startsWith("-") ? -Double.NaN : Double.NaN;
        }
        var inf = INF.matcher(s);
        if (inf.matches()) {
            return inf.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double d;
        String exactText;
        var hex = HEX_FLOAT.matcher(s);
        if (hex.matches()) {
            long exponent = hex.group(3) == null ? 0 : clamp(hex.group(3).substring(1));
            d = Double.parseDouble(hex.group(1) + "0x" + hex.group(2) + "p" + exponent);
            exactText = null;
            if (Math.abs(d) < Double.MIN_NORMAL && !isZeroMantissa(hex.group(2))) {
                BigDecimal exact = exactHex(hex.group(2), exponent);
                if (exact == null || new BigDecimal(Math.abs(d)).compareTo(exact) != 0) {
                    throw new ArgumentException(ERANGE);
                }
            }
        } else if (DECIMAL_FLOAT.matcher(s).matches()) {
            d = Double.parseDouble(s);
            exactText = s.startsWith("+") ? s.substring(1) : s;
        } else {
            throw new ArgumentException(EINVAL);
        }
        if (Double.isInfinite(d)) {
            throw new ArgumentException(ERANGE);
        }
        // glibc reports ERANGE for a result that is tiny (subnormal or zero) and not exact.
        if (exactText != null && Math.abs(d) < Double.MIN_NORMAL && !isZeroMantissa(exactText.split("[eE]")[0])) {
            boolean exact;
            try {
                exact = new BigDecimal(d).compareTo(new BigDecimal(exactText)) == 0;
            } catch (NumberFormatException | ArithmeticException hugeExponent) {
                exact = false;
            }
            if (!exact) {
                throw new ArgumentException(ERANGE);
            }
        }
        return d;
    }

    private static boolean isZeroMantissa(String mantissa) {
        for (int k = 0; k < mantissa.length(); k++) {
            char c = mantissa.charAt(k);
            if (c != '0' && c != '.' && c != '-' && c != '+') {
                return false;
            }
        }
        return true;
    }

    /** A binary exponent's text, clamped to a range that already over- or underflows any double. */
    private static long clamp(String exponent) {
        BigInteger e = new BigInteger(exponent.startsWith("+") ? exponent.substring(1) : exponent);
        return e.max(BigInteger.valueOf(-100_000)).min(BigInteger.valueOf(100_000)).longValue();
    }

    /** The exact magnitude of a hex float, or null if it is far below any double. */
    private static BigDecimal exactHex(String mantissa, long binaryExponent) {
        int dot = mantissa.indexOf('.');
        String digits = dot < 0 ? mantissa : mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int fractionDigits = dot < 0 ? 0 : mantissa.length() - dot - 1;
        long exp = binaryExponent - 4L * fractionDigits;
        if (exp < -5000) {
            return null;
        }
        BigDecimal v = new BigDecimal(new BigInteger(digits, 16));
        return exp >= 0 ? v.multiply(new BigDecimal(BigInteger.TWO.pow((int) exp)))
                : v.divide(new BigDecimal(BigInteger.TWO.pow((int) -exp)));
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && " \t\n\r\u000b\f".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
