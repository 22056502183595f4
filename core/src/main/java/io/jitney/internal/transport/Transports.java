package io.jitney.internal.transport;

import io.jitney.TransportException;
import io.jitney.address.AddressSyntaxException;
import io.jitney.address.ConnectableAddress;
import io.jitney.address.ServerAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Opens a {@link Transport} to a D-Bus address. Stateless. */
public final class Transports {
    private Transports() {}

    /**
     * Parses an address list and connects to the first address that accepts.
     *
     * @throws AddressSyntaxException if the list is malformed
     * @throws TransportException if no address could be connected to
     */
    public static Transport connect(String addresses) {
        return connect(ServerAddress.parseList(addresses));
    }

    /**
     * Tries each address in order and returns the first connection made. Addresses a client cannot
     * use (listen-only like {@code unix:tmpdir=}, an unknown transport) count as failures with the
     * reason, so that a later address in the list can still be used, as libdbus does.
     *
     * @throws IllegalArgumentException if the list is empty
     * @throws TransportException if every address failed; the message lists each with its reason,
     *     and each failure is attached as a suppressed exception
     */
    public static Transport connect(List<ServerAddress> addresses) {
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address to connect to");
        }
        var reasons = new ArrayList<String>();
        var failures = new ArrayList<Exception>();
        for (ServerAddress a : addresses) {
            try {
                return connect(a.connectable());
            } catch (AddressSyntaxException e) {
                reasons.add(a + " — not a client address: " + e.problem());
                failures.add(e);
            } catch (IOException | UncheckedIOException | UnsupportedOperationException | SecurityException e) {
                reasons.add(a + " — " + e.getMessage());
                failures.add(e);
            }
        }
        var sb = new StringBuilder(addresses.size() == 1
                ? "Could not connect to D-Bus at " + addresses.getFirst() + ":"
                : "Could not connect to any of " + addresses.size() + " D-Bus addresses:");
        for (int i = 0; i < reasons.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(reasons.get(i));
        }
        var e = new TransportException(sb.toString(), failures.getLast());
        for (int i = 0; i < failures.size() - 1; i++) {
            e.addSuppressed(failures.get(i));
        }
        throw e;
    }

    /** Connects to one checked address. */
    public static Transport connect(ConnectableAddress address) throws IOException {
        return switch (address) {
            case ConnectableAddress.UnixPath p -> UnixSocketTransport.connectPath(p.path(), p.address().format());
            case ConnectableAddress.UnixAbstract u ->
                    UnixSocketTransport.connectAbstract(u.name(), u.address().format());
            case ConnectableAddress.Tcp t -> TcpTransport.connect(t);
            case ConnectableAddress.NonceTcp n -> TcpTransport.connect(n);
            case ConnectableAddress.UnixExec x -> UnixExecTransport.start(x);
        };
    }
}
