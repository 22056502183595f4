package io.jitney.internal.conn;

import io.jitney.TransportException;
import io.jitney.address.AddressSyntaxException;
import io.jitney.address.ServerAddress;
import io.jitney.auth.AuthenticationException;
import io.jitney.auth.SaslClient;
import io.jitney.internal.transport.Transport;
import io.jitney.internal.transport.Transports;
import io.jitney.io.ConnectionOptions;
import io.jitney.internal.unix.ErrnoException;
import io.jitney.internal.unix.LibC;
import io.jitney.auth.FdNegotiationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens an authenticated {@link MessageChannel}: tries each address of a list in order until a
 * transport connects, then runs the SASL exchange on it (with the address's {@code guid=}, if
 * any, as the GUID the server must present). Blocking; used by every integration (the async
 * ones run it on their I/O thread).
 */
public final class Connector {
    private static final int[] NO_FDS = new int[0];
    private static final int EPIPE = 32;
    private static final int ECONNRESET = 104;

    private Connector() {}

    /** The result: the channel and what the handshake learned. */
    public record Connected(MessageChannel channel, String serverGuid, ServerAddress address) {}

    /**
     * @throws TransportException if no address could be connected to (listing each and why)
     * @throws AuthenticationException if the server refused authentication
     */
    public static Connected connect(String addresses, ConnectionOptions options) {
        List<ServerAddress> list = ServerAddress.parseList(addresses);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no address to connect to in '" + addresses + "'");
        }
        var reasons = new ArrayList<String>();
        TransportException last = null;
        for (ServerAddress address : list) {
            Transport transport;
            try {
                transport = Transports.connect(address.connectable());
            } catch (AddressSyntaxException e) {
                reasons.add(address + " — not a client address: " + e.problem());
                continue;
            } catch (IOException | UncheckedIOException | UnsupportedOperationException e) {
                reasons.add(address + " — " + e.getMessage());
                last = new TransportException(e.getMessage(), e);
                continue;
            }
            return authenticate(transport, address, options);
        }
        var sb = new StringBuilder(list.size() == 1
                ? "could not connect to D-Bus at " + list.getFirst() + ":"
                : "could not connect to any of " + list.size() + " D-Bus addresses:");
        for (int i = 0; i < reasons.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(reasons.get(i));
        }
        throw new TransportException(sb.toString(), last);
    }

    /** Runs SASL on a connected transport; closes it if anything fails. */
    public static Connected authenticate(Transport transport, ServerAddress address, ConnectionOptions options) {
        boolean ok = false;
        SaslClient sasl = null;
        try {
            var builder = SaslClient.builder(options.mechanisms())
                    .unixFds(options.unixFds()
                            ? (transport.canPassFds() ? SaslClient.UnixFdNegotiation.REQUIRED : refuseFds(transport))
                            : SaslClient.UnixFdNegotiation.DISABLED);
            if (address != null && address.guid().isPresent()) {
                builder.expectedGuid(address.guid().get());
            }
            sasl = builder.build();
            long deadline = System.nanoTime() + options.authTimeout().toNanos();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (true) {
                if (sasl.hasOutput()) {
                    transport.write(new ByteBuffer[] {ByteBuffer.wrap(sasl.takeOutput())}, NO_FDS);
                }
                if (sasl.isDone()) {
                    break;
                }
                long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                if (remaining <= 0) {
                    throw timeout(transport, options, sasl);
                }
                in.clear();
                int n = transport.read(in, remaining, LibC::closeQuietly);
                if (n == 0) {
                    throw timeout(transport, options, sasl);
                }
                if (n < 0) {
                    throw new AuthenticationException("the server at " + transport.describe()
                            + " closed the connection during authentication; transcript: " + sasl.transcript());
                }
                try {
                    sasl.receive(in.flip());
                } catch (FdNegotiationException e) {
                    throw e;
                } catch (AuthenticationException e) {
                    // Say which server it was; keep what the server said.
                    throw new AuthenticationException("authentication with " + transport.describe() + " failed: "
                            + e.getMessage(), e.receivedLine(), e.serverMechanisms(), e);
                }
            }
            var channel = new MessageChannel(transport, sasl.unixFdsAgreed(), sasl.takeUnusedBytes());
            ok = true;
            return new Connected(channel, sasl.serverGuid(), address);
        } catch (IOException e) {
            String transcript = sasl == null ? "" : "; transcript: " + sasl.transcript();
            if (e instanceof ErrnoException x && (x.errno() == EPIPE || x.errno() == ECONNRESET)) {
                // The same event as reading the end of the stream, seen from a write (or a reset):
                // report it the same way, with what the server said before it went.
                throw new AuthenticationException("the server at " + transport.describe()
                        + " closed the connection during authentication (" + e.getMessage() + ")" + transcript, e);
            }
            throw new TransportException("connection to " + transport.describe() + " failed during authentication: "
                    + e.getMessage() + transcript, e);
        } finally {
            if (!ok) {
                try {
                    transport.close();
                } catch (IOException ignored) {
                    // already failing; the first exception is the one to report
                }
            }
        }
    }

    private static SaslClient.UnixFdNegotiation refuseFds(Transport transport) {
        throw new FdNegotiationException("unix fd passing was requested but " + transport.describe()
                + " cannot carry file descriptors (only unix: transports can)", null);
    }

    private static AuthenticationException timeout(Transport transport, ConnectionOptions options, SaslClient sasl) {
        return new AuthenticationException("authentication with " + transport.describe() + " did not finish within "
                + options.authTimeout() + "; transcript: " + sasl.transcript());
    }
}
