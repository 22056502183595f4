package io.jitney.address;

/**
 * A D-Bus server address string is malformed, or names something a client cannot connect to.
 *
 * <p>Thrown by {@link ServerAddress#parse(String)}, {@link ServerAddress#parseList(String)} and
 * {@link ServerAddress#connectable()}. It is an {@link IllegalArgumentException}: an address is
 * input given to Jitney, checked at the door. The message names the whole address and, for
 * syntax errors, the index (0-based, in characters) at which the problem was found.
 */
public class AddressSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String address;
    private final int index;
    private final String problem;

    /**
     * @param address the address (or address list) that was being read
     * @param index index of the offending character in {@code address}, or {@code -1}
     * @param problem what is wrong, without the address
     */
    public AddressSyntaxException(String address, int index, String problem) {
        super(index >= 0
                ? "Bad D-Bus address \"" + address + "\" at index " + index + ": " + problem
                : "Bad D-Bus address \"" + address + "\": " + problem);
        this.address = address;
        this.index = index;
        this.problem = problem;
    }

    /** What is wrong, without the address: the message's last part. */
    public String problem() {
        return problem;
    }

    /** The address (or address list) that was being read. */
    public String address() {
        return address;
    }

    /** Index of the offending character in {@link #address()}, or {@code -1} where none applies. */
    public int index() {
        return index;
    }
}
