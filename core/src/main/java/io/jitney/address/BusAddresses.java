package io.jitney.address;

import io.jitney.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Finds the well-known message buses, as the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#message-bus-types">Well-known
 * Message Bus Instances</a> describes (without X11 and autolaunch).
 *
 * <p>The overloads taking an environment let tests (and embedders) supply the variables: the
 * operator maps a variable name to its value, or to {@code null} when unset. Stateless and
 * thread-safe.
 */
public final class BusAddresses {
    /** Variable holding the session bus address. */
    public static final String SESSION_ENV = "DBUS_SESSION_BUS_ADDRESS";
    /** Variable holding the system bus address. */
    public static final String SYSTEM_ENV = "DBUS_SYSTEM_BUS_ADDRESS";
    /** Where the system bus listens when {@value #SYSTEM_ENV} is unset (Linux: {@code /var/run} is {@code /run}). */
    public static final String DEFAULT_SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket";

    private BusAddresses() {}

    /** {@link #sessionBusAddress(UnaryOperator)} with the process environment. */
    public static String sessionBusAddress() {
        return sessionBusAddress(System::getenv);
    }

    /** {@link #systemBusAddress(UnaryOperator)} with the process environment. */
    public static String systemBusAddress() {
        return systemBusAddress(System::getenv);
    }

    /**
     * The session bus address: {@value #SESSION_ENV} if set (and not {@code autolaunch:}), else
     * {@code unix:path=$XDG_RUNTIME_DIR/bus} if that socket exists.
     *
     * @param environment variable name to value, or {@code null} when unset
     * @return an address list, not yet parsed
     * @throws TransportException if neither gives a session bus; the message says how to name one
     */
    public static String sessionBusAddress(UnaryOperator<String> environment) {
        Objects.requireNonNull(environment, "environment");
        String fromEnv = environment.apply(SESSION_ENV);
        if (fromEnv != null && !fromEnv.isBlank() && !fromEnv.strip().equals("autolaunch:")) {
            return fromEnv.strip();
        }
        String runtimeDir = environment.apply("XDG_RUNTIME_DIR");
        String tried;
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            Path socket = Path.of(runtimeDir, "bus");
            if (Files.exists(socket) && !Files.isDirectory(socket) && !Files.isRegularFile(socket)) {
                return ServerAddress.of("unix", "path", socket.toString()).format();
            }
            tried = "there is no socket at $XDG_RUNTIME_DIR/bus (" + socket + ")";
        } else {
            tried = "XDG_RUNTIME_DIR is not set either";
        }
        throw new TransportException("No D-Bus session bus found: " + SESSION_ENV
                + (fromEnv == null || fromEnv.isBlank() ? " is not set" : " is \"" + fromEnv + "\"")
                + " and " + tried + ". Run inside a login session, start a bus with "
                + "'dbus-run-session -- <command>' (which sets " + SESSION_ENV + "), or pass an address "
                + "such as unix:path=/run/user/1000/bus explicitly.");
    }

    /**
     * The system bus address: {@value #SYSTEM_ENV} if set, else {@value #DEFAULT_SYSTEM_BUS}.
     *
     * @param environment variable name to value, or {@code null} when unset
     * @return an address list, not yet parsed
     */
    public static String systemBusAddress(UnaryOperator<String> environment) {
        Objects.requireNonNull(environment, "environment");
        String fromEnv = environment.apply(SYSTEM_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : DEFAULT_SYSTEM_BUS;
    }
}
