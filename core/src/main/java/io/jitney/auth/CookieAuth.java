package io.jitney.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/** The computations and keyring access of DBUS_COOKIE_SHA1, for both sides. */
final class CookieAuth {
    /** libdbus refuses a keyring directory with any group or other bit (S_IRWXG | S_IRWXO). */
    private static final Set<PosixFilePermission> DIRECTORY_FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** A cookie file others can read leaks the secret; one they can write lets them plant one. */
    private static final Set<PosixFilePermission> FILE_FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private CookieAuth() {}

    static boolean isValidContext(String context) {
        if (context == null || context.isEmpty()) {
            return false;
        }
        for (int i = 0; i < context.length(); i++) {
            char c = context.charAt(i);
            if (c <= ' ' || c > '~' || c == '/' || c == '\\' || c == '.') {
                return false;
            }
        }
        return true;
    }

    /** A fresh challenge: {@link AuthLimits#CHALLENGE_BYTES} random bytes, hex-encoded. */
    static String newChallenge(RandomGenerator random) {
        var bytes = new byte[AuthLimits.CHALLENGE_BYTES];
        random.nextBytes(bytes);
        return Hex.encode(bytes);
    }

    /** Lower-case hex SHA-1 of {@code serverChallenge:clientChallenge:cookie}. */
    static String hash(String serverChallenge, String clientChallenge, String cookie) {
        try {
            var digest = MessageDigest.getInstance("SHA-1");
            var input = serverChallenge + ":" + clientChallenge + ":" + cookie;
            return Hex.encode(digest.digest(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-1", e);
        }
    }

    /**
     * The client's answer to the server's decoded {@code DATA}: {@code "<client-challenge> <hash>"}.
     *
     * @throws AuthenticationException if the challenge is malformed or the cookie cannot be read
     */
    static byte[] clientResponse(CookieSha1 mechanism, byte[] serverData) {
        var text = printableAscii(serverData);
        var parts = text == null ? null : text.split(" ", -1);
        if (parts == null || parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new AuthenticationException(
                    "DBUS_COOKIE_SHA1: the server's challenge is not \"<context> <cookie-id> <challenge>\"");
        }
        var context = parts[0];
        if (!isValidContext(context)) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: the server named an invalid cookie context \""
                    + context + "\" (it must name a file: no '/', '\\', '.' or blanks)");
        }
        long id = parseNonNegative(parts[1]);
        if (id < 0) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: invalid cookie id \"" + parts[1] + "\"");
        }
        var cookie = readCookie(mechanism.keyringDirectory(), context, id, mechanism.clock().instant());
        var clientChallenge = newChallenge(mechanism.random());
        var answer = clientChallenge + " " + hash(parts[2], clientChallenge, cookie);
        return answer.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether the client's decoded answer {@code "<client-challenge> <hash>"} proves knowledge of
     * {@code cookie}. Compares in constant time.
     */
    static boolean verify(String serverChallenge, String cookie, byte[] clientData) {
        var text = printableAscii(clientData);
        var parts = text == null ? null : text.split(" ", -1);
        if (parts == null || parts.length != 2 || parts[0].isEmpty()) {
            return false;
        }
        var expected = hash(serverChallenge, parts[0], cookie).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The hex cookie with {@code id} from {@code <directory>/<context>}, after checking that the
     * directory and file are private to the user and that the cookie is neither expired nor from
     * the future.
     */
    static String readCookie(Path directory, String context, long id, Instant now) {
        checkPrivate(directory, true);
        var file = directory.resolve(context);
        checkPrivate(file, false);
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(AuthLimits.MAX_KEYRING_FILE_SIZE + 1);
        } catch (IOException e) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: cannot read keyring file " + file, e);
        }
        if (content.length > AuthLimits.MAX_KEYRING_FILE_SIZE) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: keyring file " + file + " is larger than "
                    + AuthLimits.MAX_KEYRING_FILE_SIZE + " bytes (AuthLimits.MAX_KEYRING_FILE_SIZE)");
        }
        long nowSeconds = now.getEpochSecond();
        String expiredNote = "";
        for (var line : new String(content, StandardCharsets.US_ASCII).split("\n")) {
            var fields = line.strip().split("[ \t]+");
            // Malformed lines are skipped, as libdbus does: the file is the servers' to maintain.
            if (fields.length != 3 || parseNonNegative(fields[0]) != id || !Hex.isHex(fields[2])) {
                continue;
            }
            long created;
            try {
                created = Long.parseLong(fields[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (created - nowSeconds > AuthLimits.COOKIE_MAX_FUTURE.toSeconds()) {
                expiredNote = " (cookie " + id + " was created at " + created + ", more than "
                        + AuthLimits.COOKIE_MAX_FUTURE.toSeconds() + " s after the current time " + nowSeconds + ")";
                continue;
            }
            if (nowSeconds - created > AuthLimits.COOKIE_MAX_AGE.toSeconds()) {
                expiredNote = " (cookie " + id + " was created at " + created + ", more than "
                        + AuthLimits.COOKIE_MAX_AGE.toSeconds() + " s before the current time " + nowSeconds + ")";
                continue;
            }
            return fields[2];
        }
        throw new AuthenticationException(
                "DBUS_COOKIE_SHA1: no usable cookie with id " + id + " in keyring file " + file + expiredNote);
    }

    private static void checkPrivate(Path path, boolean directory) {
        var what = directory ? "keyring directory " : "keyring file ";
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return; // Not a POSIX file system (Windows): there are no mode bits to check.
        } catch (NoSuchFileException e) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: " + what + path + " does not exist", e);
        } catch (IOException e) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: cannot examine " + what + path, e);
        }
        if (directory ? !attributes.isDirectory() : !attributes.isRegularFile()) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: " + what + path + " is not a "
                    + (directory ? "directory" : "regular file"));
        }
        var forbidden = EnumSet.copyOf(directory ? DIRECTORY_FORBIDDEN : FILE_FORBIDDEN);
        forbidden.retainAll(attributes.permissions());
        if (!forbidden.isEmpty()) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: refusing " + what + path + ": it is accessible by "
                    + "group or others (" + PosixFilePermissions.toString(attributes.permissions())
                    + "); a keyring must be private to its user (chmod " + (directory ? "700" : "600") + ")");
        }
        checkOwner(path, what);
    }

    private static void checkOwner(Path path, String what) {
        long owner;
        long self;
        try {
            owner = Integer.toUnsignedLong((Integer) Files.getAttribute(path, "unix:uid"));
            self = ProcessUser.uid();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | AuthenticationException e) {
            return; // No uids on this platform: the mode bits above are all there is to check.
        }
        if (owner != self) {
            throw new AuthenticationException("DBUS_COOKIE_SHA1: refusing " + what + path + ": it belongs to uid "
                    + owner + ", not to this process's uid " + self);
        }
    }

    /** The value of a string of 1 to 18 ASCII digits, or -1. */
    private static long parseNonNegative(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code bytes} as a string if all are printable ASCII or space, else {@code null}. */
    private static String printableAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < ' ' || b > '~') {
                return null;
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
