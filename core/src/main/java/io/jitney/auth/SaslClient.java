package io.jitney.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The client side of D-Bus authentication as a sans-I/O state machine: it computes the bytes to
 * send and consumes the bytes received, and never touches a socket, a thread or a clock of its own.
 *
 * <p>Use: send {@link #takeOutput()} (the first output is the single NUL byte the specification
 * requires, then {@code AUTH <mechanism> <hex>\r\n}); feed whatever the server sends to
 * {@link #receive(byte[], int, int)}, in chunks of any size; send the output again; repeat until
 * {@link #isDone()}. Then send the last output (the {@code BEGIN} line), and hand
 * {@link #takeUnusedBytes()} — bytes that followed the server's last line, normally none — to the
 * message parser.
 *
 * <pre>{@code
 * var sasl = new SaslClient(List.of(External.currentUser()), true);
 * channel.write(ByteBuffer.wrap(sasl.takeOutput()));
 * while (!sasl.isDone()) {
 *     buffer.clear();
 *     if (channel.read(buffer) < 0) throw new ConnectionClosedException("closed during authentication");
 *     sasl.receive(buffer.flip());
 *     channel.write(ByteBuffer.wrap(sasl.takeOutput()));
 * }
 * }</pre>
 *
 * <p>It follows the specification's client state machine: it tries the configured mechanisms in
 * order, skipping those the server's {@code REJECTED} list does not name; answers {@code DATA}
 * challenges per mechanism; answers {@code ERROR} from the server with {@code CANCEL}; answers
 * commands it does not know with {@code ERROR}; after {@code OK} negotiates Unix fd passing if
 * asked to, and sends {@code BEGIN}. Anything that ends the exchange unsuccessfully — no
 * mechanism left, a protocol violation, a limit from {@link AuthLimits}, an invalid or unexpected
 * GUID, refused fds when they are {@link UnixFdNegotiation#REQUIRED required} — is thrown from
 * {@code receive} as an {@link AuthenticationException}, and the state becomes {@link State#FAILED};
 * the caller should then close the connection. Calling it wrongly (receiving after the end) throws
 * {@link IllegalStateException}.
 *
 * <p>Not thread-safe: one instance per connection, used by one thread at a time. See the
 * specification's <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol">
 * Authentication Protocol</a>, in particular "Authentication state diagrams: Client states".
 */
public final class SaslClient {
    /** Where the exchange stands; the first four are the specification's client states. */
    public enum State {
        /** {@code AUTH} sent; a {@code DATA} challenge (or {@code OK}, or {@code REJECTED}) is expected. */
        WAITING_FOR_DATA,
        /** The mechanism has said all it has to say; {@code OK} (or {@code REJECTED}) is expected. */
        WAITING_FOR_OK,
        /** {@code CANCEL} sent after a server {@code ERROR}; {@code REJECTED} is expected. */
        WAITING_FOR_REJECT,
        /** Authenticated, {@code NEGOTIATE_UNIX_FD} sent; {@code AGREE_UNIX_FD} or {@code ERROR} is expected. */
        WAITING_FOR_AGREE_UNIX_FD,
        /** Done: {@code BEGIN} is in the output; what follows on the connection is D-Bus messages. */
        AUTHENTICATED,
        /** Failed: the exception was thrown; close the connection. */
        FAILED
    }

    /** Whether to negotiate Unix file descriptor passing after {@code OK}. */
    public enum UnixFdNegotiation {
        /** Do not send {@code NEGOTIATE_UNIX_FD} (the transport cannot pass fds). */
        DISABLED,
        /** Ask; if the server answers {@code ERROR}, continue without fds. */
        OPTIONAL,
        /** Ask; if the server answers {@code ERROR}, fail with {@link FdNegotiationException}. */
        REQUIRED
    }

    /** Options beyond the mechanisms; {@link #build()} makes the client. Not thread-safe. */
    public static final class Builder {
        private final List<AuthMechanism> mechanisms;
        private UnixFdNegotiation unixFds = UnixFdNegotiation.DISABLED;
        private String expectedGuid;
        private boolean strictGuid = true;

        private Builder(List<? extends AuthMechanism> mechanisms) {
            this.mechanisms = List.copyOf(mechanisms);
            if (this.mechanisms.isEmpty()) {
                throw new IllegalArgumentException("At least one authentication mechanism is needed");
            }
        }

        /** Whether to negotiate Unix fd passing; {@link UnixFdNegotiation#DISABLED} by default. */
        public Builder unixFds(UnixFdNegotiation negotiation) {
            this.unixFds = Objects.requireNonNull(negotiation, "negotiation");
            return this;
        }

        /**
         * Fail unless {@code OK} carries this GUID (compared ignoring case): the {@code guid=} of
         * the address connected to, so that a different server listening there is noticed.
         *
         * @throws IllegalArgumentException if {@code guid} is not 32 hex digits
         */
        public Builder expectedGuid(String guid) {
            if (!isValidGuid(guid)) {
                throw new IllegalArgumentException("Not a D-Bus GUID (32 hex digits): " + guid);
            }
            this.expectedGuid = guid;
            return this;
        }

        /**
         * Whether the GUID in {@code OK} must be 32 hex digits, as the specification's "UUIDs"
         * section demands (the default), or may be any non-empty word without blanks, as libdbus
         * accepts. libdbus's own test conversations use the short {@code OK 1234deadbeef}.
         */
        public Builder strictGuid(boolean strict) {
            this.strictGuid = strict;
            return this;
        }

        /** A client with these options; its first output is ready at once. */
        public SaslClient build() {
            return new SaslClient(this);
        }
    }

    private final List<AuthMechanism> mechanisms;
    private final UnixFdNegotiation unixFds;
    private final String expectedGuid;
    private final boolean strictGuid;

    private final LineReader reader = new LineReader("server");
    private final SaslExchange exchange = new SaslExchange("C", "S");
    private final boolean[] tried;
    /** What mechanisms could not do locally (an unreadable keyring), to explain a final failure. */
    private final List<AuthenticationException> mechanismFailures = new ArrayList<>();

    private State state;
    private int current;
    private List<String> serverMechanisms = List.of();
    private int linesReceived;
    private String guid;
    private boolean unixFdsAgreed;

    /**
     * A client trying {@code mechanisms} in order.
     *
     * @param negotiateUnixFds whether to ask for Unix fd passing after {@code OK} ({@link
     *     UnixFdNegotiation#OPTIONAL}: a refusal is not fatal); pass {@code true} only on a
     *     transport that can pass fds
     * @throws IllegalArgumentException if {@code mechanisms} is empty
     */
    public SaslClient(List<? extends AuthMechanism> mechanisms, boolean negotiateUnixFds) {
        this(builder(mechanisms).unixFds(negotiateUnixFds ? UnixFdNegotiation.OPTIONAL : UnixFdNegotiation.DISABLED));
    }

    /**
     * A builder for a client trying {@code mechanisms} in order.
     *
     * @throws IllegalArgumentException if {@code mechanisms} is empty
     */
    public static Builder builder(List<? extends AuthMechanism> mechanisms) {
        return new Builder(mechanisms);
    }

    private SaslClient(Builder builder) {
        this.mechanisms = builder.mechanisms;
        this.unixFds = builder.unixFds;
        this.expectedGuid = builder.expectedGuid;
        this.strictGuid = builder.strictGuid;
        this.tried = new boolean[mechanisms.size()];
        exchange.sendByte(0); // "the client must send a single nul byte"
        startMechanism(0);
    }

    // ---- the caller's side ----

    /** Whether {@link #takeOutput()} has bytes to send. */
    public boolean hasOutput() {
        return exchange.hasOutput();
    }

    /** The bytes to send to the server now (possibly none); each call returns them only once. */
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
     * Consumes bytes received from the server: any number, from one byte to many lines. Complete
     * lines are acted on at once (their replies appear in {@link #takeOutput()}); a partial line
     * is kept until the rest arrives. Bytes after the server's final line are kept for
     * {@link #takeUnusedBytes()}.
     *
     * @throws AuthenticationException if authentication fails; the state is then {@link State#FAILED}
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
                var line = reader.push(data[offset + i]);
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

    /** Whether authentication succeeded; {@code BEGIN} is then in the output. */
    public boolean isDone() {
        return state == State.AUTHENTICATED;
    }

    /** Where the exchange stands. */
    public State state() {
        return state;
    }

    /**
     * The mechanism in use: the one that succeeded once {@link #isDone()}, else the one being tried
     * (or tried last).
     */
    public AuthMechanism mechanism() {
        return mechanisms.get(current);
    }

    /**
     * The server's GUID from its {@code OK} line (32 hex digits unless {@link
     * Builder#strictGuid(boolean) strictGuid(false)}).
     *
     * @throws IllegalStateException if no {@code OK} has been received yet
     */
    public String serverGuid() {
        if (guid == null) {
            throw new IllegalStateException("The server has not sent OK yet (state " + state + ")");
        }
        return guid;
    }

    /** Whether the server agreed to Unix fd passing ({@code AGREE_UNIX_FD}). */
    public boolean unixFdsAgreed() {
        return unixFdsAgreed;
    }

    /** The mechanisms the server listed in its first {@code REJECTED} that listed any; else empty. */
    public List<String> serverMechanisms() {
        return serverMechanisms;
    }

    /**
     * The bytes received after the server's final line, which belong to the D-Bus message stream;
     * normally none, since the server does not talk before {@code BEGIN}. Each call returns them
     * only once.
     */
    public byte[] takeUnusedBytes() {
        return exchange.takeUnused();
    }

    /**
     * The lines exchanged so far, oldest first, in the specification's notation: {@code "C: AUTH
     * EXTERNAL 30"}, {@code "S: OK 0123…"} (without the initial NUL byte). For diagnostics and tests.
     */
    public List<String> transcript() {
        return exchange.transcript();
    }

    @Override
    public String toString() {
        return "SaslClient[" + state + ", " + mechanism().name() + "]";
    }

    // ---- the state machine ----

    private void onLine(String line) {
        exchange.received(line);
        if (++linesReceived > AuthLimits.MAX_LINES) {
            throw fail("The server sent more than " + AuthLimits.MAX_LINES
                    + " authentication lines (AuthLimits.MAX_LINES)", line);
        }
        var command = Command.parse(line);
        switch (state) {
            case WAITING_FOR_DATA -> {
                switch (command.name()) {
                    case "DATA" -> onData(command.args());
                    case "REJECTED" -> onRejected(command.args(), line);
                    case "ERROR" -> cancel();
                    case "OK" -> onOk(command.args(), line);
                    default -> send("ERROR Unknown or unexpected command");
                }
            }
            case WAITING_FOR_OK -> {
                switch (command.name()) {
                    case "OK" -> onOk(command.args(), line);
                    case "REJECTED" -> onRejected(command.args(), line);
                    case "DATA", "ERROR" -> cancel();
                    default -> send("ERROR Unknown or unexpected command");
                }
            }
            case WAITING_FOR_REJECT -> {
                if (command.name().equals("REJECTED")) {
                    onRejected(command.args(), line);
                } else {
                    throw fail("The server answered CANCEL with \"" + line + "\" instead of REJECTED", line);
                }
            }
            case WAITING_FOR_AGREE_UNIX_FD -> {
                switch (command.name()) {
                    case "AGREE_UNIX_FD" -> {
                        unixFdsAgreed = true;
                        begin();
                    }
                    case "ERROR" -> {
                        if (unixFds == UnixFdNegotiation.REQUIRED) {
                            throw failWith(new FdNegotiationException("The server refused Unix fd passing, which "
                                    + "this connection requires: \"" + line + "\"", line));
                        }
                        begin();
                    }
                    default -> throw fail("The server answered NEGOTIATE_UNIX_FD with \"" + line
                            + "\" instead of AGREE_UNIX_FD or ERROR", line);
                }
            }
            case AUTHENTICATED, FAILED -> throw new IllegalStateException("unreachable: " + state);
        }
    }

    private void onData(String args) {
        var challenge = Hex.decodeOrNull(args);
        if (challenge == null) {
            send("ERROR Invalid hex encoding in DATA");
            return;
        }
        byte[] response;
        try {
            response = respond(mechanism(), challenge);
        } catch (AuthenticationException e) {
            // The spec's MECH(CHALL) returns ERROR: "send ERROR [msg], goto WaitingForData". The
            // server is expected to reject, and the next mechanism is tried; keep the reason.
            mechanismFailures.add(e);
            send("ERROR " + mechanism().name() + " could not answer the challenge");
            return;
        }
        send(response.length == 0 ? "DATA" : "DATA " + Hex.encode(response));
        state = State.WAITING_FOR_OK;
    }

    private void cancel() {
        send("CANCEL");
        state = State.WAITING_FOR_REJECT;
    }

    private void onRejected(String args, String line) {
        tried[current] = true;
        if (serverMechanisms.isEmpty() && !args.isEmpty()) {
            // "Clients are free to ignore all lists received after the first."
            serverMechanisms = List.of(args.split(" +"));
        }
        for (int i = 0; i < mechanisms.size(); i++) {
            if (!tried[i] && (serverMechanisms.isEmpty() || serverMechanisms.contains(mechanisms.get(i).name()))) {
                startMechanism(i);
                return;
            }
        }
        var offered = mechanisms.stream().map(AuthMechanism::name).distinct().toList();
        var message = new StringBuilder("Authentication failed: the server rejected ")
                .append(String.join(", ", offered));
        if (serverMechanisms.isEmpty()) {
            message.append(" and did not say which mechanisms it accepts");
        } else {
            message.append("; it accepts ").append(String.join(", ", serverMechanisms));
        }
        for (var failure : mechanismFailures) {
            message.append("; ").append(failure.getMessage());
        }
        var e = new AuthenticationException(message.toString(), line, serverMechanisms, null);
        mechanismFailures.forEach(e::addSuppressed);
        throw failWith(e);
    }

    private void onOk(String args, String line) {
        if (strictGuid ? !isValidGuid(args) : args.isEmpty() || args.indexOf(' ') >= 0) {
            throw fail("The server's OK carries an invalid GUID \"" + args + "\" (expected 32 hex digits)", line);
        }
        if (expectedGuid != null && !expectedGuid.equalsIgnoreCase(args)) {
            throw fail("The server's GUID " + args + " is not the " + expectedGuid
                    + " its address names: a different server is listening there", line);
        }
        guid = args;
        if (unixFds == UnixFdNegotiation.DISABLED) {
            begin();
        } else {
            send("NEGOTIATE_UNIX_FD");
            state = State.WAITING_FOR_AGREE_UNIX_FD;
        }
    }

    private void begin() {
        send("BEGIN");
        state = State.AUTHENTICATED;
    }

    private void startMechanism(int index) {
        current = index;
        var mechanism = mechanisms.get(index);
        var initial = initialResponse(mechanism);
        if (initial == null) {
            send("AUTH " + mechanism.name());
            state = State.WAITING_FOR_DATA;
        } else {
            send("AUTH " + mechanism.name() + " " + Hex.encode(initial));
            state = mechanism instanceof CookieSha1 ? State.WAITING_FOR_DATA : State.WAITING_FOR_OK;
        }
    }

    /** The initial response, or {@code null} to send a bare {@code AUTH <mechanism>}. */
    private static byte[] initialResponse(AuthMechanism mechanism) {
        var text = switch (mechanism) {
            case External external -> external.authorizationIdentity();
            case Anonymous anonymous -> anonymous.trace();
            case CookieSha1 cookie -> cookie.identity();
        };
        return text.isEmpty() ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** The answer to a {@code DATA} challenge; after it the mechanism waits for {@code OK}. */
    private static byte[] respond(AuthMechanism mechanism, byte[] challenge) {
        return switch (mechanism) {
            // EXTERNAL and ANONYMOUS have no challenge; a DATA means "send your identity / trace".
            case External external -> external.authorizationIdentity().getBytes(StandardCharsets.UTF_8);
            case Anonymous anonymous -> anonymous.trace().getBytes(StandardCharsets.UTF_8);
            case CookieSha1 cookie -> CookieAuth.clientResponse(cookie, challenge);
        };
    }

    private void send(String line) {
        exchange.send(line);
    }

    private AuthenticationException fail(String message, String line) {
        return failWith(new AuthenticationException(message, line, serverMechanisms, null));
    }

    private AuthenticationException failWith(AuthenticationException e) {
        state = State.FAILED;
        return e;
    }

    static boolean isValidGuid(String guid) {
        return guid != null && guid.length() == 32 && Hex.isHex(guid);
    }
}
