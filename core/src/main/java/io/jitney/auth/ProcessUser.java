package io.jitney.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who this process runs as, without FFM: the owner of {@code /proc/self} is the process's uid. */
final class ProcessUser {
    private ProcessUser() {}

    /** The real uid of this process (Linux). */
    static long uid() {
        try {
            return Integer.toUnsignedLong((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new AuthenticationException(
                    "Cannot determine this process's uid from the owner of /proc/self (needs Linux)", e);
        }
    }
}
