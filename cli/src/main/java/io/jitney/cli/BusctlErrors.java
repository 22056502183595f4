package io.jitney.cli;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusErrorException;
import io.jitney.DBusException;
import io.jitney.DBusTimeoutException;
import java.util.Map;

/**
 * The text busctl prints for a failed call: the error reply's text if it has one, else the
 * description of the errno that sd-bus maps the error name to ({@code ServiceUnknown} →
 * "No route to host", {@code System.Error.ENOENT} → "No such file or directory", anything
 * unknown → "Input/output error"). sd-bus always shows {@code AccessDenied} as "Access denied",
 * whatever its text. Observed with busctl from systemd 252; stateless and thread-safe.
 *
 * <p>busctl 252 exits with 1 for every failure, whatever the error name, and so does jitney
 * ({@link #EXIT_FAILURE}).
 */
public final class BusctlErrors {
    /** The exit code of every failure. */
    public static final int EXIT_FAILURE = 1;

    private static final String DBUS_ERROR = "org.freedesktop.DBus.Error.";
    private static final String SYSTEM_ERROR = "System.Error.";
    private static final String EIO = "Input/output error";

    /** sd-bus's standard map from {@code org.freedesktop.DBus.Error.*} to errno, as errno texts. */
    private static final Map<String, String> STANDARD = Map.ofEntries(
            Map.entry("Failed", "Permission denied"),
            Map.entry("NoMemory", "Cannot allocate memory"),
            Map.entry("ServiceUnknown", "No route to host"),
            Map.entry("NameHasNoOwner", "No such device or address"),
            Map.entry("NoReply", "Connection timed out"),
            Map.entry("IOError", EIO),
            Map.entry("BadAddress", "Cannot assign requested address"),
            Map.entry("NotSupported", "Operation not supported"),
            Map.entry("LimitsExceeded", "No buffer space available"),
            Map.entry("AccessDenied", "Access denied"),
            Map.entry("AuthFailed", "Permission denied"),
            Map.entry("NoServer", "Host is down"),
            Map.entry("Timeout", "Connection timed out"),
            Map.entry("NoNetwork", "Machine is not on the network"),
            Map.entry("AddressInUse", "Address already in use"),
            Map.entry("Disconnected", "Connection reset by peer"),
            Map.entry("InvalidArgs", "Invalid argument"),
            Map.entry("FileNotFound", "No such file or directory"),
            Map.entry("FileExists", "File exists"),
            Map.entry("UnknownMethod", "Invalid request descriptor"),
            Map.entry("UnknownObject", "Invalid request descriptor"),
            Map.entry("UnknownInterface", "Invalid request descriptor"),
            Map.entry("UnknownProperty", "Invalid request descriptor"),
            Map.entry("PropertyReadOnly", "Read-only file system"),
            Map.entry("UnixProcessIdUnknown", "No such process"),
            Map.entry("InvalidSignature", "Invalid argument"),
            Map.entry("InconsistentMessage", "Bad message"),
            Map.entry("TimedOut", "Connection timed out"),
            Map.entry("MatchRuleNotFound", "No such file or directory"),
            Map.entry("MatchRuleInvalid", "Invalid argument"),
            Map.entry("InteractiveAuthorizationRequired", "Permission denied"),
            Map.entry("InvalidFileContent", "Invalid argument"),
            Map.entry("SELinuxSecurityContextUnknown", "No such process"),
            Map.entry("ObjectPathInUse", "Device or resource busy"));

    /** glibc's {@code strerror} texts for the errno names {@code System.Error.*} may carry. */
    private static final Map<String, String> ERRNO = Map.ofEntries(
            Map.entry("EPERM", "Operation not permitted"),
            Map.entry("ENOENT", "No such file or directory"),
            Map.entry("ESRCH", "No such process"),
            Map.entry("EINTR", "Interrupted system call"),
            Map.entry("EIO", EIO),
            Map.entry("ENXIO", "No such device or address"),
            Map.entry("E2BIG", "Argument list too long"),
            Map.entry("ENOEXEC", "Exec format error"),
            Map.entry("EBADF", "Bad file descriptor"),
            Map.entry("ECHILD", "No child processes"),
            Map.entry("EAGAIN", "Resource temporarily unavailable"),
            Map.entry("ENOMEM", "Cannot allocate memory"),
            Map.entry("EACCES", "Permission denied"),
            Map.entry("EFAULT", "Bad address"),
            Map.entry("EBUSY", "Device or resource busy"),
            Map.entry("EEXIST", "File exists"),
            Map.entry("EXDEV", "Invalid cross-device link"),
            Map.entry("ENODEV", "No such device"),
            Map.entry("ENOTDIR", "Not a directory"),
            Map.entry("EISDIR", "Is a directory"),
            Map.entry("EINVAL", "Invalid argument"),
            Map.entry("ENFILE", "Too many open files in system"),
            Map.entry("EMFILE", "Too many open files"),
            Map.entry("ENOTTY", "Inappropriate ioctl for device"),
            Map.entry("EFBIG", "File too large"),
            Map.entry("ENOSPC", "No space left on device"),
            Map.entry("ESPIPE", "Illegal seek"),
            Map.entry("EROFS", "Read-only file system"),
            Map.entry("EMLINK", "Too many links"),
            Map.entry("EPIPE", "Broken pipe"),
            Map.entry("EDOM", "Numerical argument out of domain"),
            Map.entry("ERANGE", "Numerical result out of range"),
            Map.entry("EDEADLK", "Resource deadlock avoided"),
            Map.entry("ENAMETOOLONG", "File name too long"),
            Map.entry("ENOSYS", "Function not implemented"),
            Map.entry("ENOTEMPTY", "Directory not empty"),
            Map.entry("ELOOP", "Too many levels of symbolic links"),
            Map.entry("ENOMSG", "No message of desired type"),
            Map.entry("ENODATA", "No data available"),
            Map.entry("ETIME", "Timer expired"),
            Map.entry("EPROTO", "Protocol error"),
            Map.entry("EBADMSG", "Bad message"),
            Map.entry("EOVERFLOW", "Value too large for defined data type"),
            Map.entry("EOPNOTSUPP", "Operation not supported"),
            Map.entry("ENOTSUP", "Operation not supported"),
            Map.entry("EADDRINUSE", "Address already in use"),
            Map.entry("EADDRNOTAVAIL", "Cannot assign requested address"),
            Map.entry("ENETDOWN", "Network is down"),
            Map.entry("ENETUNREACH", "Network is unreachable"),
            Map.entry("ECONNABORTED", "Software caused connection abort"),
            Map.entry("ECONNRESET", "Connection reset by peer"),
            Map.entry("ENOBUFS", "No buffer space available"),
            Map.entry("ENOTCONN", "Transport endpoint is not connected"),
            Map.entry("ESHUTDOWN", "Cannot send after transport endpoint shutdown"),
            Map.entry("ETIMEDOUT", "Connection timed out"),
            Map.entry("ECONNREFUSED", "Connection refused"),
            Map.entry("EHOSTDOWN", "Host is down"),
            Map.entry("EHOSTUNREACH", "No route to host"),
            Map.entry("EALREADY", "Operation already in progress"),
            Map.entry("EINPROGRESS", "Operation now in progress"),
            Map.entry("ESTALE", "Stale file handle"),
            Map.entry("ENOMEDIUM", "No medium found"),
            Map.entry("ECANCELED", "Operation canceled"),
            Map.entry("ENONET", "Machine is not on the network"),
            Map.entry("EBADR", "Invalid request descriptor"),
            Map.entry("ENOPKG", "Package not installed"),
            Map.entry("EUNATCH", "Protocol driver not attached"),
            Map.entry("ENOLINK", "Link has been severed"),
            Map.entry("EREMOTEIO", "Remote I/O error"),
            Map.entry("ENOKEY", "Required key not available"),
            Map.entry("EKEYREJECTED", "Key was rejected by service"),
            Map.entry("EOWNERDEAD", "Owner died"));

    private BusctlErrors() {}

    /** What busctl prints after its prefix ({@code Call failed: }) for this error reply. */
    public static String describe(DBusErrorException e) {
        return describe(e.errorName(), e.errorText());
    }

    /** {@link #describe(DBusErrorException)} from the error name and text ({@code null} if none). */
    public static String describe(String errorName, String errorText) {
        if ((DBUS_ERROR + "AccessDenied").equals(errorName)) {
            return "Access denied";
        }
        if (errorText != null) {
            return errorText;
        }
        return errnoText(errorName);
    }

    /** The errno text sd-bus maps an error name to. */
    static String errnoText(String errorName) {
        if (errorName.startsWith(DBUS_ERROR)) {
            return STANDARD.getOrDefault(errorName.substring(DBUS_ERROR.length()), EIO);
        }
        if (errorName.startsWith(SYSTEM_ERROR)) {
            return ERRNO.getOrDefault(errorName.substring(SYSTEM_ERROR.length()), EIO);
        }
        return EIO;
    }

    /** The text for any failure of a bus operation: an error reply, a timeout, a lost connection. */
    static String describe(DBusException e) {
        return switch (e) {
            case DBusErrorException error -> describe(error);
            case DBusTimeoutException timeout -> "Connection timed out";
            case ConnectionClosedException closed -> "Connection reset by peer (" + closed.getMessage() + ")";
            default -> e.getMessage();
        };
    }
}
