package io.jitney.address;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One D-Bus server address: a transport name and its ordered {@code key=value} parameters, as in
 * {@code unix:path=/run/user/1000/bus} or {@code tcp:host=127.0.0.1,port=4242}.
 *
 * <p>This is the syntax level of the
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#addresses">Server Addresses</a>
 * section of the specification: any transport name and any keys are accepted here, values are held
 * unescaped. {@link #connectable()} checks the address against the rules of its transport for a
 * client and returns a typed {@link ConnectableAddress}.
 *
 * <p>Parameters keep their order. {@link #format()} escapes each value so that
 * {@code parse(a.format()).equals(a)} for every address {@code a}. Instances are immutable and
 * thread-safe.
 *
 * @param transport the transport name, such as {@code unix} or {@code nonce-tcp}; not empty
 * @param parameters the parameters in their order, values unescaped; copied, unmodifiable
 */
public record ServerAddress(String transport, Map<String, String> parameters) {

    /** Key of the server's UUID, which the spec calls {@code guid} for historical reasons. */
    public static final String GUID = "guid";

    /**
     * Validates the transport name, every key, and a {@code guid} parameter if present.
     *
     * @throws IllegalArgumentException if the transport name or a key is empty or has a character
     *     outside {@code [-0-9A-Za-z_/.*]}, or a {@code guid} is not 32 hex digits
     */
    public ServerAddress {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(parameters, "parameters");
        String badTransport = nameProblem(transport);
        if (badTransport != null) {
            throw new IllegalArgumentException("transport name \"" + transport + "\": " + badTransport);
        }
        var copy = new LinkedHashMap<String, String>();
        for (var e : parameters.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "key");
            String value = Objects.requireNonNull(e.getValue(), () -> "value of " + key);
            String badKey = nameProblem(key);
            if (badKey != null) {
                throw new IllegalArgumentException("key \"" + key + "\": " + badKey);
            }
            copy.put(key, value);
        }
        String guid = copy.get(GUID);
        if (guid != null && !isGuid(guid)) {
            throw new IllegalArgumentException("guid=" + guid + " is not 32 hex digits");
        }
        parameters = Collections.unmodifiableMap(copy);
    }

    /**
     * An address from a transport name and alternating keys and values.
     *
     * <pre>{@code ServerAddress.of("unix", "path", "/tmp/bus")}</pre>
     *
     * @throws IllegalArgumentException on an odd number of strings, a duplicate key, or what the
     *     canonical constructor rejects
     */
    public static ServerAddress of(String transport, String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (map.put(keysAndValues[i], keysAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("duplicate key \"" + keysAndValues[i] + "\"");
            }
        }
        return new ServerAddress(transport, map);
    }

    /**
     * Parses exactly one address (no {@code ;}).
     *
     * @throws AddressSyntaxException if the text is not one well-formed address
     */
    public static ServerAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        int semicolon = address.indexOf(';');
        if (semicolon >= 0) {
            throw new AddressSyntaxException(address, semicolon,
                    "';' separates a list of addresses; use ServerAddress.parseList");
        }
        if (address.isEmpty()) {
            throw new AddressSyntaxException(address, -1, "empty address");
        }
        return parseEntry(address, 0, address.length());
    }

    /**
     * Parses a {@code ;}-separated list of addresses, keeping their order. Empty entries (as left by
     * a trailing {@code ;}) are skipped; a list with no address at all is an error.
     *
     * @throws AddressSyntaxException naming the list and the index of the first problem
     */
    public static List<ServerAddress> parseList(String addresses) {
        Objects.requireNonNull(addresses, "addresses");
        var result = new ArrayList<ServerAddress>();
        int start = 0;
        while (start <= addresses.length()) {
            int end = addresses.indexOf(';', start);
            if (end < 0) {
                end = addresses.length();
            }
            if (end > start) {
                result.add(parseEntry(addresses, start, end));
            }
            start = end + 1;
        }
        if (result.isEmpty()) {
            throw new AddressSyntaxException(addresses, -1, "no address in the list");
        }
        return List.copyOf(result);
    }

    /** Formats a list of addresses as the spec writes it: each {@link #format()}ted, joined with {@code ;}. */
    public static String formatList(List<ServerAddress> addresses) {
        var sb = new StringBuilder();
        for (var a : addresses) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            a.appendTo(sb);
        }
        return sb.toString();
    }

    /** The address in D-Bus syntax, values escaped: {@code transport:key=value,key=value}. */
    public String format() {
        var sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    /**
     * Same as {@link #format()}. Note that {@link #equals} compares parameters as a map, ignoring
     * their order, as the spec gives the order no meaning.
     */
    @Override
    public String toString() {
        return format();
    }

    /** The unescaped value of a parameter. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(parameters.get(key));
    }

    /** The server's UUID from the {@code guid} parameter: 32 hex digits, validated. */
    public Optional<String> guid() {
        return get(GUID);
    }

    /**
     * Checks this address against its transport's rules for a client and returns the typed form.
     *
     * @throws AddressSyntaxException if the transport is unknown or unsupported, the address is
     *     listen-only (such as {@code unix:tmpdir=}), or a required key is missing or invalid
     */
    public ConnectableAddress connectable() {
        return ConnectableAddress.of(this);
    }

    /** Whether {@link #connectable()} would succeed. */
    public boolean isConnectable() {
        try {
            connectable();
            return true;
        } catch (AddressSyntaxException e) {
            return false;
        }
    }

    /**
     * Escapes a value: every UTF-8 byte outside the optionally-escaped set {@code [-0-9A-Za-z_/.*]}
     * becomes {@code %xx}.
     */
    public static String escape(String value) {
        var sb = new StringBuilder(value.length() + 8);
        appendEscaped(sb, value);
        return sb.toString();
    }

    /**
     * Unescapes a value: {@code %xx} becomes the byte {@code xx}, the bytes are read as UTF-8.
     *
     * @throws AddressSyntaxException on a {@code %} without two hex digits, a character that must be
     *     escaped, or bytes that are not UTF-8
     */
    public static String unescape(String value) {
        try {
            return unescape(value, 0, value.length());
        } catch (ValueProblem p) {
            throw new AddressSyntaxException(value, p.index, p.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void appendTo(StringBuilder sb) {
        sb.append(transport).append(':');
        boolean first = true;
        for (var e : parameters.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append('=');
            appendEscaped(sb, e.getValue());
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void appendEscaped(StringBuilder sb, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isOptionallyEscaped(c)) {
                sb.append(c);
            } else if (c < 0x80) {
                appendHexByte(sb, c);
            } else {
                // Non-ASCII: escape each byte of the UTF-8 encoding of this code point.
                int end = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1)) ? i + 2 : i + 1;
                for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    appendHexByte(sb, b & 0xff);
                }
                i = end - 1;
            }
        }
    }

    private static void appendHexByte(StringBuilder sb, int b) {
        sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }

    /** The spec's optionally-escaped bytes: {@code [-0-9A-Za-z_/.\*]}. */
    static boolean isOptionallyEscaped(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '/' || c == '.' || c == '*';
    }

    /** Why a transport name or key is unusable, or null. Such names are never escaped, so they
     * are held to the set of bytes that need no escaping. */
    private static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isOptionallyEscaped(name.charAt(i))) {
                return "character '" + name.charAt(i) + "' is not allowed (only [-0-9A-Za-z_/.*])";
            }
        }
        return null;
    }

    static boolean isGuid(String s) {
        if (s.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    private static ServerAddress parseEntry(String text, int start, int end) {
        int colon = text.indexOf(':', start);
        if (colon < 0 || colon >= end) {
            throw new AddressSyntaxException(text, start,
                    "missing ':' after the transport name in \"" + text.substring(start, end) + "\"");
        }
        if (colon == start) {
            throw new AddressSyntaxException(text, start, "empty transport name before ':'");
        }
        String transport = text.substring(start, colon);
        checkName(text, start, transport, "transport name");
        var params = new LinkedHashMap<String, String>();
        int pairStart = colon + 1;
        if (pairStart < end) {
            while (true) {
                int comma = text.indexOf(',', pairStart);
                int pairEnd = comma < 0 || comma > end ? end : comma;
                if (pairEnd == pairStart) {
                    throw new AddressSyntaxException(text, pairStart, "empty key=value pair");
                }
                int eq = text.indexOf('=', pairStart);
                if (eq < 0 || eq >= pairEnd) {
                    throw new AddressSyntaxException(text, pairStart,
                            "missing '=' in \"" + text.substring(pairStart, pairEnd) + "\"");
                }
                if (eq == pairStart) {
                    throw new AddressSyntaxException(text, pairStart, "empty key before '='");
                }
                String key = text.substring(pairStart, eq);
                checkName(text, pairStart, key, "key");
                if (params.containsKey(key)) {
                    throw new AddressSyntaxException(text, pairStart, "duplicate key \"" + key + "\"");
                }
                String value;
                try {
                    value = unescape(text, eq + 1, pairEnd);
                } catch (ValueProblem p) {
                    throw new AddressSyntaxException(text, p.index, p.getMessage());
                }
                if (key.equals(GUID) && !isGuid(value)) {
                    throw new AddressSyntaxException(text, eq + 1,
                            "guid=" + value + " is not 32 hex digits");
                }
                params.put(key, value);
                if (pairEnd == end) {
                    break;
                }
                pairStart = pairEnd + 1;
            }
        }
        return new ServerAddress(transport, params);
    }

    private static void checkName(String text, int start, String name, String what) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isOptionallyEscaped(c)) {
                throw new AddressSyntaxException(text, start + i, "character '" + c
                        + "' is not allowed in a " + what + " (only [-0-9A-Za-z_/.*])");
            }
        }
    }

    /** Internal carrier of an index for a problem inside a value; never escapes this class. */
    private static final class ValueProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;

        ValueProblem(int index, String message) {
            super(message, null, false, false);
            this.index = index;
        }
    }

    private static String unescape(String text, int start, int end) {
        var bytes = new byte[end - start];
        int n = 0;
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 1 < end ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = i + 2 < end ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0 || text.charAt(i + 1) > 'f' || text.charAt(i + 2) > 'f') {
                    throw new ValueProblem(i, "'%' must be followed by two hex digits");
                }
                int b = hi << 4 | lo;
                ascii &= b < 0x80;
                bytes[n++] = (byte) b;
                i += 2;
            } else if (isOptionallyEscaped(c)) {
                bytes[n++] = (byte) c;
            } else {
                throw new ValueProblem(i, "character '" + c + "' must be escaped (as %xx) in a value");
            }
        }
        if (ascii) {
            return new String(bytes, 0, n, StandardCharsets.US_ASCII);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ValueProblem(start, "the unescaped value is not valid UTF-8");
        }
    }
}
