package io.jitney.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The server side of D-Bus authentication as a sans-I/O state machine, for peer-to-peer servers
 * and for test servers: it consumes what a client sends, starting with the NUL byte, and computes
 * the replies. It never touches a socket; the caller supplies the peer's credentials (on a Unix
 * socket, the uid from SO_PEERCRED) when building it.
 *
 * <p>Mechanisms: EXTERNAL (the claimed uid, or no claim, must match the peer's credentials; login
 * names are not looked up), ANONYMOUS if {@linkplain Builder#allowAnonymous(boolean) allowed}, and
 * DBUS_COOKIE_SHA1 if {@linkplain Builder#cookieSha1(long, String, Supplier) given a cookie source}
 * — maintaining the keyring file (locking, pruning, atomic rewrite) is the caller's job.
 * {@code NEGOTIATE_UNIX_FD} is agreed to if {@linkplain Builder#unixFdPassing(boolean) enabled}.
 *
 * <p>It follows the specification's server state machine. A client that sends {@code BEGIN}
 * before being authenticated, breaks the line format or a limit in {@link AuthLimits}, or is
 * rejected {@link AuthLimits#MAX_REJECTIONS} times, ends the exchange: {@code receive} throws
 * {@link AuthenticationException}, the state becomes {@link State#FAILED}, and whatever reply is
 * still in {@link #takeOutput()} may be sent before the connection is closed. After {@code BEGIN},
 * {@link #isDone()} is true, {@link #authenticatedUid()} says who the client is (empty for
 * ANONYMOUS), and {@link #takeUnusedBytes()} holds the first bytes of the message stream.
 *
 * <p>Not thread-safe: one instance per connection, used by one thread at a time. See the
 * specification's <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol">
 * Authentication Protocol</a>, in particular "Authentication state diagrams: Server states".
 */
public final class SaslServer {
    /** Where the exchange stands; the middle three are the specification's server states. */
    public enum State {
        /** Nothing received yet: the client's first byte must be NUL. */
        WAITING_FOR_NUL,
        /** Waiting for {@code AUTH}. */
        WAITING_FOR_AUTH,
        /** A mechanism has started; waiting for the client's {@code DATA}. */
        WAITING_FOR_DATA,
        /** {@code OK} sent; waiting for {@code BEGIN} (or {@code NEGOTIATE_UNIX_FD}). */
        WAITING_FOR_BEGIN,
        /** {@code BEGIN} received: what follows is D-Bus messages. */
        AUTHENTICATED,
        /** The client failed or broke the protocol: close the connection. */
        FAILED
    }

    /**
     * A DBUS_COOKIE_SHA1 cookie the server challenges the client with: the line
     * {@code <id> <creation-time> <secret>} of the keyring file named {@code context}.
     *
     * @param context the cookie context, a file name in the keyring directory
     * @param id the cookie's id in that file
     * @param secret the cookie, hex
     */
    public record Cookie(String context, long id, String secret) {
        public Cookie {
            if (!CookieAuth.isValidContext(context)) {
                throw new IllegalArgumentException("Invalid cookie context: " + context);
            }
            if (id < 0) {
                throw new IllegalArgumentException("Negative cookie id: " + id);
            }
            if (!Hex.isHex(secret)) {
                throw new IllegalArgumentException("The cookie secret must be non-empty hex");
            }
        }

        @Override
        public String toString() {
            return "Cookie[context=" + context + ", id=" + id + ", secret=(hidden)]";
        }
    }

    /** Configuration; {@link #build()} makes the server. Not thread-safe. */
    public static final class Builder {
        private final String guid;
        private OptionalLong peerUid = OptionalLong.empty();
        private boolean external = true;
        private boolean anonymous;
        private boolean unixFds;
        private long cookieUid = -1;
        private String cookieUserName;
        private Supplier<Cookie> cookies;
        private RandomGenerator random;

        private Builder(String guid) {
            if (!SaslClient.isValidGuid(guid)) {
                throw new IllegalArgumentException("Not a D-Bus GUID (32 hex digits): " + guid);
            }
            this.guid = guid;
        }

        /** The uid the transport saw on the socket (SO_PEERCRED); by default there is none. */
        public Builder peerUid(long uid) {
            if (uid < 0) {
                throw new IllegalArgumentException("Negative uid: " + uid);
            }
            this.peerUid = OptionalLong.of(uid);
            return this;
        }

        /** Whether to offer EXTERNAL; {@code true} by default. */
        public Builder allowExternal(boolean allow) {
            this.external = allow;
            return this;
        }

        /** Whether to accept ANONYMOUS; {@code false} by default (a bus must not). */
        public Builder allowAnonymous(boolean allow) {
            this.anonymous = allow;
            return this;
        }

        /** Whether to agree to {@code NEGOTIATE_UNIX_FD}; only if the transport can pass fds. */
        public Builder unixFdPassing(boolean agree) {
            this.unixFds = agree;
            return this;
        }

        /**
         * Offer DBUS_COOKIE_SHA1 to the user the server runs as: a client claiming {@code uid}
         * (in decimal) or {@code userName} is challenged with the cookie {@code cookies} supplies,
         * and authenticated as {@code uid} if it proves it can read it. The supplier is called once
         * per attempt, on the thread calling {@code receive}.
         */
        public Builder cookieSha1(long uid, String userName, Supplier<Cookie> cookies) {
            if (uid < 0) {
                throw new IllegalArgumentException("Negative uid: " + uid);
            }
            this.cookieUid = uid;
            this.cookieUserName = Objects.requireNonNull(userName, "userName");
            this.cookies = Objects.requireNonNull(cookies, "cookies");
            return this;
        }

        /** Where DBUS_COOKIE_SHA1 challenges come from; a {@link SecureRandom} by default. */
        public Builder random(RandomGenerator source) {
            this.random = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * A server with this configuration.
         *
         * @throws IllegalStateException if no mechanism is enabled
         */
        public SaslServer build() {
            return new SaslServer(this);
        }
    }

    private final String guid;
    private final OptionalLong peerUid;
    private final boolean unixFds;
    private final long cookieUid;
    private final String cookieUserName;
    private final Supplier<Cookie> cookies;
    private final RandomGenerator random;
    private final List<String> mechanisms;

    private final LineReader reader = new LineReader("client");
    private final SaslExchange exchange = new SaslExchange("S", "C");

    private State state = State.WAITING_FOR_NUL;
    private int linesReceived;
    private int rejections;
    private String mechanism;
    private Cookie cookie;
    private String serverChallenge;
    private OptionalLong authenticatedUid = OptionalLong.empty();
    private boolean unixFdsAgreed;

    /** A builder for a server whose {@code OK} lines carry {@code guid} (32 hex digits). */
    public static Builder builder(String guid) {
        return new Builder(guid);
    }

    private SaslServer(Builder builder) {
        this.guid = builder.guid;
        this.peerUid = builder.peerUid;
        this.unixFds = builder.unixFds;
        this.cookieUid = builder.cookieUid;
        this.cookieUserName = builder.cookieUserName;
        this.cookies = builder.cookies;
        this.random = builder.random != null ? builder.random : new SecureRandom();
        var names = new ArrayList<String>();
        if (builder.external) {
            names.add(External.NAME);
        }
        if (builder.cookies != null) {
            names.add(CookieSha1.NAME);
        }
        if (builder.anonymous) {
            names.add(Anonymous.NAME);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("No authentication mechanism enabled");
        }
        this.mechanisms = List.copyOf(names);
    }

    // ---- the caller's side ----

    /** Whether {@link #takeOutput()} has bytes to send. */
    public boolean hasOutput() {
        return exchange.hasOutput();
    }

    /** The bytes to send to the client now (possibly none); each call returns them only once. */
    public byte[] takeOutput() {
        return exchange.takeOutput();
    }

    /** Same as {@code receive(data, 0, data.length)}. */
    public void receive(byte[] data) {
        receive(data, 0, data.length);
    }

    /** Consumes all remaining bytes of {@code data}, as {@link #receive(byte[], int, int)} does. */
    public void receive(ByteBuffer data) {
        var bytes = new byte[data.remaining()];
        data.get(bytes);
        receive(bytes, 0, bytes.length);
    }

    /**
     * Consumes bytes received from the client, in chunks of any size, starting with its NUL byte.
     * Replies appear in {@link #takeOutput()}; bytes after {@code BEGIN} are kept for
     * {@link #takeUnusedBytes()}.
     *
     * @throws AuthenticationException if the client fails or breaks the protocol; the state is
     *     then {@link State#FAILED}
     * @throws IllegalStateException if the exchange had already ended
     */
    public void receive(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (state == State.AUTHENTICATED || state == State.FAILED) {
            throw new IllegalStateException("Authentication has already "
                    + (state == State.FAILED ? "failed" : "ended; pass further bytes to the message parser"));
        }
        try {
            for (int i = 0; i < length; i++) {
                byte b = data[offset + i];
                if (state == State.WAITING_FOR_NUL) {
                    if (b != 0) {
                        throw fail(String.format("The client's first byte is 0x%02x, not the NUL byte the "
                                + "specification requires", b & 0xff), "");
                    }
                    state = State.WAITING_FOR_AUTH;
                    continue;
                }
                var line = reader.push(b);
                if (line == null) {
                    continue;
                }
                onLine(line);
                if (state == State.AUTHENTICATED) {
                    exchange.keepUnused(data, offset + i + 1, offset + length);
                    return;
                }
            }
        } catch (AuthenticationException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** Whether the client is authenticated and has sent {@code BEGIN}. */
    public boolean isDone() {
        return state == State.AUTHENTICATED;
    }

    /** Where the exchange stands. */
    public State state() {
        return state;
    }

    /** The GUID this server sends in {@code OK}. */
    public String guid() {
        return guid;
    }

    /** The mechanisms offered, in the order {@code REJECTED} lists them. */
    public List<String> mechanisms() {
        return mechanisms;
    }

    /**
     * The uid the client is authenticated as: present once {@code OK} has been sent for EXTERNAL or
     * DBUS_COOKIE_SHA1; empty before, after a rejection or cancel, and for ANONYMOUS.
     */
    public OptionalLong authenticatedUid() {
        return authenticatedUid;
    }

    /** The mechanism the client authenticated with, once {@code OK} has been sent. */
    public Optional<String> authenticatedMechanism() {
        return state == State.WAITING_FOR_BEGIN || state == State.AUTHENTICATED
                ? Optional.of(mechanism) : Optional.empty();
    }

    /** Whether this server agreed to Unix fd passing ({@code AGREE_UNIX_FD} sent). */
    public boolean unixFdsAgreed() {
        return unixFdsAgreed;
    }

    /** How many times the client has been sent {@code REJECTED}. */
    public int rejections() {
        return rejections;
    }

    /**
     * The bytes received after {@code BEGIN}: the start of the client's message stream. Each call
     * returns them only once.
     */
    public byte[] takeUnusedBytes() {
        return exchange.takeUnused();
    }

    /**
     * The lines exchanged so far, oldest first, in the specification's notation ({@code "C: AUTH
     * EXTERNAL 30"}, {@code "S: OK …"}), without the initial NUL byte. For diagnostics and tests.
     */
    public List<String> transcript() {
        return exchange.transcript();
    }

    @Override
    public String toString() {
        return "SaslServer[" + state + (mechanism != null ? ", " + mechanism : "") + "]";
    }

    // ---- the state machine ----

    private void onLine(String line) {
        exchange.received(line);
        if (++linesReceived > AuthLimits.MAX_LINES) {
            throw fail("The client sent more than " + AuthLimits.MAX_LINES
                    + " authentication lines (AuthLimits.MAX_LINES)", line);
        }
        var command = Command.parse(line);
        switch (state) {
            case WAITING_FOR_AUTH -> {
                switch (command.name()) {
                    case "AUTH" -> onAuth(command.args(), line);
                    case "BEGIN" -> throw fail("The client sent BEGIN before authenticating", line);
                    case "ERROR" -> reject(line);
                    default -> send("ERROR Unknown or unexpected command");
                }
            }
            case WAITING_FOR_DATA -> {
                switch (command.name()) {
                    case "DATA" -> onData(command.args(), line);
                    case "BEGIN" -> throw fail("The client sent BEGIN before authenticating", line);
                    case "CANCEL", "ERROR" -> reject(line);
                    default -> send("ERROR Unknown or unexpected command");
                }
            }
            case WAITING_FOR_BEGIN -> {
                switch (command.name()) {
                    case "BEGIN" -> state = State.AUTHENTICATED;
                    case "NEGOTIATE_UNIX_FD" -> {
                        if (unixFds) {
                            unixFdsAgreed = true;
                            send("AGREE_UNIX_FD");
                        } else {
                            send("ERROR Unix fd passing is not supported on this connection");
                        }
                    }
                    case "CANCEL", "ERROR" -> reject(line);
                    default -> send("ERROR Unknown or unexpected command");
                }
            }
            case WAITING_FOR_NUL, AUTHENTICATED, FAILED -> throw new IllegalStateException("unreachable: " + state);
        }
    }

    private void onAuth(String args, String line) {
        if (args.isEmpty()) {
            reject(line); // "AUTH" alone asks for the list of mechanisms.
            return;
        }
        int space = args.indexOf(' ');
        var name = space < 0 ? args : args.substring(0, space);
        byte[] initialResponse = null;
        if (space >= 0) {
            initialResponse = Hex.decodeOrNull(args.substring(space + 1).strip());
            if (initialResponse == null) {
                send("ERROR Invalid hex encoding in the initial response");
                return;
            }
        }
        if (!mechanisms.contains(name)) {
            reject(line);
            return;
        }
        mechanism = name;
        cookie = null;
        if (initialResponse == null) {
            // No initial response: an empty challenge asks the client for it (RFC 4422, 5).
            send("DATA");
            state = State.WAITING_FOR_DATA;
        } else {
            step(initialResponse, line);
        }
    }

    private void onData(String args, String line) {
        var response = Hex.decodeOrNull(args);
        if (response == null) {
            send("ERROR Invalid hex encoding in DATA");
            return;
        }
        step(response, line);
    }

    /** Feeds the client's response to the current mechanism. */
    private void step(byte[] response, String line) {
        switch (mechanism) {
            case External.NAME -> {
                var uid = externalIdentity(response);
                if (uid.isPresent()) {
                    accept(uid);
                } else {
                    reject(line);
                }
            }
            case Anonymous.NAME -> {
                if (isValidTrace(response)) {
                    accept(OptionalLong.empty());
                } else {
                    reject(line);
                }
            }
            case CookieSha1.NAME -> {
                if (cookie == null) {
                    challenge(response, line);
                } else if (CookieAuth.verify(serverChallenge, cookie.secret(), response)) {
                    accept(OptionalLong.of(cookieUid));
                } else {
                    reject(line);
                }
            }
            default -> throw new IllegalStateException("unreachable: " + mechanism);
        }
    }

    /** The uid EXTERNAL authenticates: the peer's, if the client claims it or claims nothing. */
    private OptionalLong externalIdentity(byte[] claim) {
        if (peerUid.isEmpty()) {
            return OptionalLong.empty();
        }
        if (claim.length == 0) {
            return peerUid;
        }
        long uid = parseUid(claim);
        return uid == peerUid.getAsLong() ? peerUid : OptionalLong.empty();
    }

    private void challenge(byte[] identity, String line) {
        var claimed = new String(identity, StandardCharsets.ISO_8859_1);
        if (!claimed.equals(Long.toString(cookieUid)) && !claimed.equals(cookieUserName)) {
            reject(line); // The server can only vouch for its own user, whose keyring it keeps.
            return;
        }
        try {
            cookie = Objects.requireNonNull(cookies.get(), "the cookie supplier returned null");
        } catch (RuntimeException e) {
            state = State.FAILED;
            throw new AuthenticationException(
                    "DBUS_COOKIE_SHA1: the cookie source failed: " + e.getMessage(), line, List.of(), e);
        }
        serverChallenge = CookieAuth.newChallenge(random);
        send("DATA " + Hex.encode(cookie.context() + " " + cookie.id() + " " + serverChallenge));
        state = State.WAITING_FOR_DATA;
    }

    private void accept(OptionalLong uid) {
        authenticatedUid = uid;
        send("OK " + guid);
        state = State.WAITING_FOR_BEGIN;
    }

    private void reject(String line) {
        authenticatedUid = OptionalLong.empty();
        cookie = null;
        serverChallenge = null;
        send("REJECTED " + String.join(" ", mechanisms));
        state = State.WAITING_FOR_AUTH;
        if (++rejections >= AuthLimits.MAX_REJECTIONS) {
            throw fail("The client was rejected " + rejections + " times (AuthLimits.MAX_REJECTIONS)", line);
        }
    }

    private void send(String line) {
        exchange.send(line);
    }

    private AuthenticationException fail(String message, String line) {
        state = State.FAILED;
        return new AuthenticationException(message, line, List.of(), null);
    }

    /** A uid in ASCII decimal, or -1. */
    private static long parseUid(byte[] digits) {
        if (digits.length == 0 || digits.length > 10) {
            return -1;
        }
        long value = 0;
        for (byte b : digits) {
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value <= 0xFFFF_FFFEL ? value : -1;
    }

    /** RFC 4505: the trace is UTF-8, at most 255 characters. */
    private static boolean isValidTrace(byte[] trace) {
        try {
            var text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(trace))
                    .toString();
            return text.codePointCount(0, text.length()) <= Anonymous.MAX_TRACE_LENGTH;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
