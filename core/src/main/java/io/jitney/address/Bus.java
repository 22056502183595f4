package io.jitney.address;

import java.util.List;
import java.util.function.UnaryOperator;

/** The two well-known message buses. See {@link BusAddresses} for how each is found. */
public enum Bus {
    /** The login session's bus. */
    SESSION,
    /** The machine-wide bus. */
    SYSTEM;

    /**
     * This bus's address list, from the process environment.
     *
     * @throws io.jitney.TransportException for {@link #SESSION} when no session bus can be found
     */
    public String address() {
        return address(System::getenv);
    }

    /** This bus's address list, from the given environment (name to value, {@code null} if unset). */
    public String address(UnaryOperator<String> environment) {
        return switch (this) {
            case SESSION -> BusAddresses.sessionBusAddress(environment);
            case SYSTEM -> BusAddresses.systemBusAddress(environment);
        };
    }

    /**
     * This bus's addresses, parsed, in the order to try them.
     *
     * @throws AddressSyntaxException if the environment holds a malformed address
     */
    public List<ServerAddress> addresses() {
        return ServerAddress.parseList(address());
    }
}
