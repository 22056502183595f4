package io.jitney.internal.unix;

import java.io.IOException;
import java.util.Map;

/**
 * A libc call failed: carries the call's name and {@code errno}; the message reads like
 * {@code "connect(unix:path=/run/bus) failed: ECONNREFUSED (Connection refused)"}.
 */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(4, "EINTR"), Map.entry(5, "EIO"),
            Map.entry(9, "EBADF"), Map.entry(10, "ECHILD"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"), Map.entry(20, "ENOTDIR"), Map.entry(17, "EEXIST"), Map.entry(29, "ESPIPE"), Map.entry(40, "ELOOP"),
            Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(32, "EPIPE"),
            Map.entry(36, "ENAMETOOLONG"), Map.entry(88, "ENOTSOCK"), Map.entry(91, "EPROTOTYPE"),
            Map.entry(97, "EAFNOSUPPORT"), Map.entry(98, "EADDRINUSE"), Map.entry(104, "ECONNRESET"),
            Map.entry(105, "ENOBUFS"), Map.entry(106, "EISCONN"), Map.entry(107, "ENOTCONN"),
            Map.entry(110, "ETIMEDOUT"), Map.entry(111, "ECONNREFUSED"), Map.entry(115, "EINPROGRESS"));

    private final String call;
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + " failed: " + describe(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The call and its context, as in {@code "sendmsg(unix:path=/x)"}. */
    public String call() {
        return call;
    }

    /** The error number. */
    public int errno() {
        return errno;
    }

    /** {@code "ENOENT (No such file or directory)"}, or the number where the name is not known. */
    public static String describe(int errno) {
        String name = NAMES.getOrDefault(errno, "errno " + errno);
        String text;
        try {
            text = LibC.strerror(errno);
        } catch (RuntimeException | LinkageError e) {
            text = null;
        }
        return text == null ? name : name + " (" + text + ")";
    }
}
