package io.jitney.address;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A server address checked against its transport's rules for a client: everything needed to
 * connect, typed. Obtained from {@link ServerAddress#connectable()}.
 *
 * <p>Client rules, from the specification's
 * <a href="https://dbus.freedesktop.org/doc/dbus-specification.html#transports">Transports</a>:
 * <ul>
 *   <li>{@code unix:} exactly one of {@code path}, {@code abstract} ({@code dir}, {@code tmpdir}
 *       and {@code runtime} are for servers);
 *   <li>{@code tcp:} {@code host} (default {@code localhost}), {@code port} (1..65535),
 *       optional {@code family} ({@code ipv4} or {@code ipv6}); {@code bind} is ignored;
 *   <li>{@code nonce-tcp:} as {@code tcp:} plus {@code noncefile};
 *   <li>{@code unixexec:} {@code path}, optional {@code argv0} (default: {@code path}) and
 *       {@code argv1}, {@code argv2}, … up to the first gap.
 * </ul>
 * Keys a transport does not use (such as {@code guid}) are ignored.
 */
public sealed interface ConnectableAddress {

    /** The address this was made from, for messages and for its {@code guid}. */
    ServerAddress address();

    /** Longest Unix socket name: {@code sun_path} is 108 bytes, one kept for the leading or trailing NUL. */
    int MAX_UNIX_NAME_BYTES = 107;

    /** {@code unix:path=…}: a socket in the file system. */
    record UnixPath(ServerAddress address, Path path) implements ConnectableAddress {
        public UnixPath {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(path, "path");
        }
    }

    /** {@code unix:abstract=…}: a Linux abstract socket (the name without the leading NUL). */
    record UnixAbstract(ServerAddress address, String name) implements ConnectableAddress {
        public UnixAbstract {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(name, "name");
        }
    }

    /** The {@code family} key of TCP addresses. */
    enum Family {
        /** No {@code family} key: any address the host name resolves to. */
        UNSPECIFIED,
        /** {@code family=ipv4}. */
        IPV4,
        /** {@code family=ipv6}. */
        IPV6
    }

    /** {@code tcp:host=…,port=…}. */
    record Tcp(ServerAddress address, String host, int port, Family family) implements ConnectableAddress {
        public Tcp {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(family, "family");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
        }
    }

    /** {@code nonce-tcp:host=…,port=…,noncefile=…}: TCP, sending the file's 16-byte nonce first. */
    record NonceTcp(ServerAddress address, String host, int port, Family family, Path noncefile)
            implements ConnectableAddress {
        public NonceTcp {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(noncefile, "noncefile");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
        }
    }

    /**
     * {@code unixexec:path=…}: a program to start, spoken to over its standard input and output.
     *
     * @param path the program, absolute or looked up in {@code PATH}
     * @param argv its argument vector, {@code argv.get(0)} being the program name it sees
     */
    record UnixExec(ServerAddress address, String path, List<String> argv) implements ConnectableAddress {
        public UnixExec {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(path, "path");
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("argv must hold at least argv[0]");
            }
        }
    }

    /** See {@link ServerAddress#connectable()}. */
    static ConnectableAddress of(ServerAddress a) {
        return switch (a.transport()) {
            case "unix" -> unix(a);
            case "tcp" -> new Tcp(a, host(a), port(a), family(a));
            case "nonce-tcp" -> new NonceTcp(a, host(a), port(a), family(a),
                    Path.of(required(a, "noncefile", "the file holding the server's nonce")));
            case "unixexec" -> unixexec(a);
            case "launchd" -> throw bad(a, "launchd: addresses (macOS) are not supported");
            case "systemd" -> throw bad(a, "systemd: addresses are for servers started by socket "
                    + "activation; a client needs the unix: or tcp: address of the socket");
            case "autolaunch" -> throw bad(a, "autolaunch: is not supported; start a bus (for example "
                    + "with dbus-run-session) and set DBUS_SESSION_BUS_ADDRESS");
            default -> throw bad(a, "unknown transport \"" + a.transport()
                    + "\" (Jitney connects to unix:, tcp:, nonce-tcp: and unixexec:)");
        };
    }

    private static ConnectableAddress unix(ServerAddress a) {
        var present = new ArrayList<String>();
        for (String k : List.of("path", "abstract", "runtime", "dir", "tmpdir")) {
            if (a.parameters().containsKey(k)) {
                present.add(k + "=");
            }
        }
        if (present.isEmpty()) {
            throw bad(a, "unix: needs path= or abstract=");
        }
        if (present.size() > 1) {
            throw bad(a, "unix: takes exactly one of path=, abstract=, runtime=, dir=, tmpdir= (found "
                    + String.join(", ", present) + ")");
        }
        String key = present.getFirst();
        if (!key.equals("path=") && !key.equals("abstract=")) {
            throw bad(a, "unix:" + key + " is for servers; a client needs path= or abstract=");
        }
        String value = a.parameters().get(key.substring(0, key.length() - 1));
        if (value.isEmpty()) {
            throw bad(a, "unix:" + key + " must not be empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw bad(a, "unix:" + key + " must not contain a NUL byte");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UNIX_NAME_BYTES) {
            throw bad(a, "unix:" + key + " is " + bytes + " bytes long; a Unix socket name holds at most "
                    + MAX_UNIX_NAME_BYTES);
        }
        return key.equals("path=") ? new UnixPath(a, Path.of(value)) : new UnixAbstract(a, value);
    }

    private static String host(ServerAddress a) {
        String host = a.parameters().getOrDefault("host", "localhost");
        if (host.isEmpty()) {
            throw bad(a, a.transport() + ":host= must not be empty");
        }
        return host;
    }

    private static int port(ServerAddress a) {
        String port = a.parameters().get("port");
        if (port == null) {
            throw bad(a, a.transport() + ": needs port= to connect (only a server may leave it out)");
        }
        int p;
        try {
            p = port.length() > 5 || port.isEmpty() || !port.chars().allMatch(Character::isDigit)
                    ? -1 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw bad(a, "port=" + port + " is not a number in 0..65535");
        }
        if (p == 0) {
            throw bad(a, "port=0 asks a server to choose a port; a client needs the port it chose");
        }
        return p;
    }

    private static Family family(ServerAddress a) {
        String f = a.parameters().get("family");
        if (f == null) {
            return Family.UNSPECIFIED;
        }
        return switch (f) {
            case "ipv4" -> Family.IPV4;
            case "ipv6" -> Family.IPV6;
            default -> throw bad(a, "family=" + f + " is neither ipv4 nor ipv6");
        };
    }

    private static ConnectableAddress unixexec(ServerAddress a) {
        String path = required(a, "path", "the program to run");
        var argv = new ArrayList<String>();
        argv.add(a.parameters().getOrDefault("argv0", path));
        // The spec: "If a specific argvX is not specified no further argvY for Y > X are taken
        // into account."
        for (int i = 1; a.parameters().containsKey("argv" + i); i++) {
            argv.add(a.parameters().get("argv" + i));
        }
        for (String arg : argv) {
            if (arg.indexOf('\0') >= 0) {
                throw bad(a, "unixexec: arguments must not contain a NUL byte");
            }
        }
        return new UnixExec(a, path, argv);
    }

    private static String required(ServerAddress a, String key, String what) {
        String v = a.parameters().get(key);
        if (v == null || v.isEmpty()) {
            throw bad(a, a.transport() + ": needs " + key + "= (" + what + ")");
        }
        if (v.indexOf('\0') >= 0) {
            throw bad(a, a.transport() + ":" + key + "= must not contain a NUL byte");
        }
        return v;
    }

    private static AddressSyntaxException bad(ServerAddress a, String problem) {
        return new AddressSyntaxException(a.format(), -1, problem);
    }
}
