package io.jitney.io;

import io.jitney.auth.AuthMechanism;
import io.jitney.auth.External;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to open a connection, shared by every integration. Immutable; start from
 * {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * var options = ConnectionOptions.defaults().withUnixFds(true).withKeepLimit(10_000);
 * }</pre>
 *
 * @param unixFds        negotiate Unix fd passing; opening fails with
 *                       {@link io.jitney.auth.FdNegotiationException} if the peer refuses
 * @param mechanisms     SASL mechanisms to try, in order (default: EXTERNAL as this process's uid)
 * @param authTimeout    how long authentication may take before the connection attempt fails
 * @param hello          send {@code Hello} after authenticating (true for a message bus, false
 *                       for a peer-to-peer connection)
 * @param keepLimit      how many messages a connection keeps for {@code receive} while it waits
 *                       for a reply; beyond it the oldest are dropped, counted and logged once
 * @param defaultTimeout call timeout for the APIs that do not take one
 */
public record ConnectionOptions(boolean unixFds, List<AuthMechanism> mechanisms, Duration authTimeout,
        boolean hello, int keepLimit, Duration defaultTimeout) {

    public ConnectionOptions {
        mechanisms = List.copyOf(mechanisms);
        if (mechanisms.isEmpty()) {
            throw new IllegalArgumentException("at least one authentication mechanism is needed");
        }
        Objects.requireNonNull(authTimeout, "authTimeout");
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        if (keepLimit < 1) {
            throw new IllegalArgumentException("keepLimit must be at least 1, was " + keepLimit);
        }
    }

    /** EXTERNAL auth, no fds, 10 s auth timeout, Hello, keep up to 100,000 messages, 25 s calls. */
    public static ConnectionOptions defaults() {
        return new ConnectionOptions(false, List.of(External.currentUser()), Duration.ofSeconds(10), true, 100_000,
                Duration.ofSeconds(25));
    }

    public ConnectionOptions withUnixFds(boolean on) {
        return new ConnectionOptions(on, mechanisms, authTimeout, hello, keepLimit, defaultTimeout);
    }

    public ConnectionOptions withMechanisms(List<AuthMechanism> list) {
        return new ConnectionOptions(unixFds, list, authTimeout, hello, keepLimit, defaultTimeout);
    }

    public ConnectionOptions withAuthTimeout(Duration timeout) {
        return new ConnectionOptions(unixFds, mechanisms, timeout, hello, keepLimit, defaultTimeout);
    }

    /** For peer-to-peer connections (no bus): {@code withHello(false)}. */
    public ConnectionOptions withHello(boolean on) {
        return new ConnectionOptions(unixFds, mechanisms, authTimeout, on, keepLimit, defaultTimeout);
    }

    public ConnectionOptions withKeepLimit(int limit) {
        return new ConnectionOptions(unixFds, mechanisms, authTimeout, hello, limit, defaultTimeout);
    }

    public ConnectionOptions withDefaultTimeout(Duration timeout) {
        return new ConnectionOptions(unixFds, mechanisms, authTimeout, hello, keepLimit, timeout);
    }
}
