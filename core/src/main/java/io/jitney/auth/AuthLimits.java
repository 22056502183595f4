package io.jitney.auth;

import java.time.Duration;

/**
 * The limits the authentication state machines enforce, each with where it comes from.
 *
 * <p>The D-Bus specification names no limit for the
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol">authentication
 * protocol</a>; these follow the reference implementation (libdbus) where it has one, so that
 * Jitney refuses nothing a libdbus peer accepts. They are checked before anything is allocated
 * for the data they bound. Constants only; nothing here has state.
 */
public final class AuthLimits {
    /**
     * Longest line, {@code \r\n} included, either side accepts: 16 KiB. libdbus disconnects a peer
     * once more than 16 KiB of authentication data is buffered ({@code MAX_BUFFER} in
     * {@code dbus-auth.c}); real lines are under 200 bytes, so anything near this is garbage.
     */
    public static final int MAX_LINE_LENGTH = 16 * 1024;

    /**
     * Lines either side processes before giving up: 64. A successful exchange takes at most a few
     * lines per mechanism; a peer still talking after 64 is stuck or hostile. This also bounds the
     * transcript kept for diagnostics.
     */
    public static final int MAX_LINES = 64;

    /**
     * {@code REJECTED} replies a {@link SaslServer} sends before it gives up on the client: 6, the
     * libdbus default (its {@code fail-after-n-attempts} auth script disconnects on the sixth). The
     * specification: "If the client is rejected too many times the server must disconnect".
     */
    public static final int MAX_REJECTIONS = 6;

    /**
     * Largest DBUS_COOKIE_SHA1 keyring file read: 64 KiB. libdbus keeps at most 256 cookies per
     * file ({@code MAX_KEYS_IN_FILE}), each line well under 100 bytes, i.e. about 25 KiB.
     */
    public static final int MAX_KEYRING_FILE_SIZE = 64 * 1024;

    /**
     * How far in the future a keyring cookie's creation time may lie before it is ignored: 5
     * minutes, libdbus's {@code MAX_TIME_TRAVEL_SECONDS}, suggested by the specification.
     */
    public static final Duration COOKIE_MAX_FUTURE = Duration.ofMinutes(5);

    /**
     * Age after which a keyring cookie is ignored: 7 minutes, libdbus's
     * {@code EXPIRE_KEYS_TIMEOUT_SECONDS}, suggested by the specification.
     */
    public static final Duration COOKIE_MAX_AGE = Duration.ofMinutes(7);

    /**
     * Random bytes in a DBUS_COOKIE_SHA1 challenge (sent hex-encoded): 16, i.e. 128 bits, as
     * libdbus generates.
     */
    public static final int CHALLENGE_BYTES = 16;

    private AuthLimits() {}
}
