package io.jitney.auth;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The DBUS_COOKIE_SHA1 mechanism: prove that we can read a secret cookie from the user's keyring
 * directory, which only that user can read. For transports without kernel credentials (TCP).
 *
 * <p>The client sends the identity it claims; the server answers {@code DATA} with
 * {@code "<context> <cookie-id> <server-challenge>"}; the client reads cookie {@code cookie-id}
 * from the file {@code <keyringDirectory>/<context>}, picks a random challenge of its own, and
 * answers {@code "<client-challenge> " + sha1hex("<server-challenge>:<client-challenge>:<cookie>")}.
 * Everything on the wire is hex-encoded.
 *
 * <p>Like libdbus, the client refuses a keyring directory that group or others can access at all,
 * or a cookie file they can read or write, and ignores cookies created more than {@link
 * AuthLimits#COOKIE_MAX_AGE} ago or more than {@link AuthLimits#COOKIE_MAX_FUTURE} ahead of the
 * clock. Such a failure makes the client answer the server with {@code ERROR} (as the
 * specification's client state machine says), and the {@link AuthenticationException} that ends
 * the exchange has it as a suppressed exception.
 *
 * <p>The identity: the specification says "username", but also that "for best interoperability,
 * clients and servers should use numeric user IDs"; libdbus clients send the uid and GDBus servers
 * accept only a uid, while dbus-daemon accepts both. {@link #currentUser()} therefore sends the
 * uid in decimal; {@link #withIdentity(String)} sends anything else, such as the login name.
 *
 * <p>An immutable value, but the {@link #random()} source it holds is shared state: use a
 * thread-safe one (as {@link SecureRandom} is) if clients on several threads share the value.
 * The keyring directory, clock and random source are components so that tests can fix them. See
 * the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-mechanisms-sha">DBUS_COOKIE_SHA1</a>
 * section.
 *
 * @param identity the identity claimed: a uid in ASCII decimal, or a login name; not empty
 * @param keyringDirectory the directory holding one cookie file per context
 * @param clock the time against which cookie creation times are checked
 * @param random the source of the client challenge
 */
public record CookieSha1(String identity, Path keyringDirectory, InstantSource clock, RandomGenerator random)
        implements AuthMechanism {
    /** The mechanism name, {@value}. */
    public static final String NAME = "DBUS_COOKIE_SHA1";

    public CookieSha1 {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(keyringDirectory, "keyringDirectory");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (identity.isEmpty()) {
            throw new IllegalArgumentException("DBUS_COOKIE_SHA1 needs an identity (a uid or login name)");
        }
    }

    /**
     * DBUS_COOKIE_SHA1 as this process's uid, with the keyring in {@link
     * #defaultKeyringDirectory()}, the system clock and a {@link SecureRandom}.
     *
     * @throws AuthenticationException if the uid cannot be determined (not Linux)
     */
    public static CookieSha1 currentUser() {
        return new CookieSha1(
                Long.toString(ProcessUser.uid()), defaultKeyringDirectory(), InstantSource.system(), new SecureRandom());
    }

    /** {@code ~/.dbus-keyrings}, with {@code ~} the {@code user.home} system property. */
    public static Path defaultKeyringDirectory() {
        return Path.of(System.getProperty("user.home"), ".dbus-keyrings");
    }

    /**
     * Whether {@code context} is a valid cookie context name: non-empty printable ASCII without
     * {@code /}, {@code \}, {@code .}, space, tab, CR or LF (so it names a file in the keyring
     * directory and nothing else).
     */
    public static boolean isValidContext(String context) {
        return CookieAuth.isValidContext(context);
    }

    /** This mechanism claiming {@code newIdentity} instead. */
    public CookieSha1 withIdentity(String newIdentity) {
        return new CookieSha1(newIdentity, keyringDirectory, clock, random);
    }

    /** This mechanism reading cookies from {@code directory} instead. */
    public CookieSha1 withKeyringDirectory(Path directory) {
        return new CookieSha1(identity, directory, clock, random);
    }

    /** This mechanism checking cookie ages against {@code newClock} instead. */
    public CookieSha1 withClock(InstantSource newClock) {
        return new CookieSha1(identity, keyringDirectory, newClock, random);
    }

    /** This mechanism drawing its challenges from {@code newRandom} instead. */
    public CookieSha1 withRandom(RandomGenerator newRandom) {
        return new CookieSha1(identity, keyringDirectory, clock, newRandom);
    }

    @Override
    public String name() {
        return NAME;
    }
}
