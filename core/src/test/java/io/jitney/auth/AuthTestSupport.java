package io.jitney.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers shared by the auth tests. */
final class AuthTestSupport {
    private AuthTestSupport() {}

    /** A valid GUID for tests that need one. */
    static final String GUID = "0123456789abcdef0123456789abcdef";

    /** {@code text} as the ASCII bytes of the line protocol. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Lower-case hex of the UTF-8 bytes of {@code text}, computed with the JDK (not with {@code Hex}). */
    static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * This process's real uid, from the "Uid:" line of {@code /proc/self/status} (not from the
     * owner of {@code /proc/self}, which is how the code under test finds it).
     */
    static long uid() {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No Uid: line in /proc/self/status");
    }

    /** This process's login name. */
    static String userName() {
        return System.getProperty("user.name");
    }
}
