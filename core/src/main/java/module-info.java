/**
 * Jitney core: the D-Bus protocol in pure Java, with no runtime dependencies.
 *
 * <p>Protocol packages ({@code wire}, {@code names}, {@code message}, {@code auth},
 * {@code routing}) are sans-I/O: they compute on bytes and values and never touch a socket.
 * The integrations ({@code io.*}) add the I/O. FFM is used, in {@code internal.unix} only,
 * for what {@code java.nio} cannot do: abstract sockets, SCM_RIGHTS and peer credentials.
 */
module io.jitney.core {
    exports io.jitney;
    exports io.jitney.errors;
    exports io.jitney.wire;
    exports io.jitney.names;
    exports io.jitney.message;
    exports io.jitney.auth;
    exports io.jitney.address;
    exports io.jitney.routing;
    exports io.jitney.bus;
    exports io.jitney.io;
    exports io.jitney.io.blocking;
    exports io.jitney.io.threading;
    exports io.jitney.io.async;
    exports io.jitney.proxy;
}
