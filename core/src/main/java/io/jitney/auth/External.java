package io.jitney.auth;

import java.util.Objects;

/**
 * The EXTERNAL mechanism: the server learns who we are from the transport (on Unix sockets,
 * the kernel's SO_PEERCRED), and we state the authorization identity we claim.
 *
 * <p>On Unix the identity is the uid as ASCII decimal, sent hex-encoded: uid 1000 is
 * {@code AUTH EXTERNAL 31303030}. With an empty identity the client sends a bare
 * {@code AUTH EXTERNAL}, the server answers with an empty {@code DATA} challenge and the client
 * with an empty {@code DATA}: "whoever the kernel says I am" (what sd-bus does).
 *
 * <p>An immutable value, safe to share between threads. See the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#auth-mechanisms-external">EXTERNAL</a>
 * section and RFC 4422 appendix A.
 *
 * @param authorizationIdentity the identity claimed, e.g. {@code "1000"}; empty to claim none
 */
public record External(String authorizationIdentity) implements AuthMechanism {
    /** The mechanism name, {@value}. */
    public static final String NAME = "EXTERNAL";

    /** Largest uid: {@code uid_t} is 32 bits and {@code (uid_t) -1} means "no uid". */
    private static final long MAX_UID = 0xFFFF_FFFEL;

    public External {
        Objects.requireNonNull(authorizationIdentity, "authorizationIdentity");
    }

    /** EXTERNAL claiming the Unix user {@code uid}. */
    public External(long uid) {
        this(Long.toString(checkUid(uid)));
    }

    /**
     * EXTERNAL claiming the uid this process runs as, read without native code from the owner of
     * {@code /proc/self}.
     *
     * @throws AuthenticationException if the uid cannot be determined (not Linux)
     */
    public static External currentUser() {
        return new External(ProcessUser.uid());
    }

    /** EXTERNAL claiming no identity: the server uses the credentials it sees on the socket. */
    public static External withoutIdentity() {
        return new External("");
    }

    @Override
    public String name() {
        return NAME;
    }

    private static long checkUid(long uid) {
        if (uid < 0 || uid > MAX_UID) {
            throw new IllegalArgumentException("Not a Unix uid: " + uid);
        }
        return uid;
    }
}
