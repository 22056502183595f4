package io.jitney.cli;

/**
 * A failure the command reports as one line on stderr, exiting 1 (as busctl does for every
 * failure). The message is the whole line.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
