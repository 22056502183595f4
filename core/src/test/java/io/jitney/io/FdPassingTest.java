package io.jitney.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.auth.Anonymous;
import io.jitney.auth.FdNegotiationException;
import io.jitney.io.async.AsyncConnection;
import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.FakePeer;
import io.jitney.testing.Fds;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fd passing between Jitney connections through a private dbus-daemon, and against a fake peer:
 * several descriptors in one reply and inside containers, negotiation refused, and sending
 * refused before anything is written.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FdPassingTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(10);
    static final ConnectionOptions FDS = ConnectionOptions.defaults().withUnixFds(true);
    static final String IFACE = "io.jitney.FdTest";

    /** A pipe's read end holding {@code text} (its write end already closed). */
    static UnixFd pipeWith(String text) throws IOException {
        var pipe = UnixFd.pipe();
        try (OutputStream out = pipe.writeEnd().toOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return pipe.readEnd();
    }

    static String readAll(Object fd) throws IOException {
        UnixFd u = (UnixFd) fd;
        assertThat(Fds.isCloseOnExec(u.fd())).as("received close-on-exec").isTrue();
        try (InputStream in = u.toInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A Jitney service answering methods whose replies carry several descriptors. */
    static void serve(ThreadedRouter service, Message m) {
        var made = new ArrayList<UnixFd>();
        try {
            Message reply = switch (m.member()) {
                case "Pair" -> Messages.newMethodReturn(m, "hh", keep(made, pipeWith("first")), keep(made, pipeWith("second")));
                case "Array" -> {
                    var fds = new ArrayList<UnixFd>();
                    for (int i = 0; i < (Long) m.body().getFirst(); i++) {
                        fds.add(keep(made, pipeWith("pipe " + i)));
                    }
                    yield Messages.newMethodReturn(m, "ah", fds);
                }
                case "Mixed" -> {
                    var dict = new LinkedHashMap<String, Variant>();
                    dict.put("text", new Variant(Signature.of("s"), "not an fd"));
                    dict.put("fd", new Variant(Signature.of("h"), keep(made, pipeWith("in a dict"))));
                    yield Messages.newMethodReturn(m, "v(sh)a{sv}a{hs}",
                            new Variant(Signature.of("h"), keep(made, pipeWith("in a variant"))),
                            new Struct(List.of("label", keep(made, pipeWith("in a struct")))),
                            dict, Map.of(keep(made, pipeWith("as a key")), "value"));
                }
                case "WriteInto" -> {
                    try (OutputStream out = ((UnixFd) m.body().get(0)).toOutputStream()) {
                        out.write(((String) m.body().get(1)).getBytes(StandardCharsets.UTF_8));
                    }
                    yield Messages.newMethodReturn(m, "");
                }
                default -> Messages.newError(m, "org.freedesktop.DBus.Error.UnknownMethod", m.member());
            };
            service.send(reply);
        } catch (IOException e) {
            service.send(Messages.newError(m, "org.example.Error.IO", e.toString()));
        } finally {
            made.forEach(UnixFd::close); // sent: the receiver has its own copies
            m.closeUnixFds();
        }
    }

    static UnixFd keep(List<UnixFd> made, UnixFd fd) {
        made.add(fd);
        return fd;
    }

    static ThreadedRouter.Handler startService(ThreadedRouter service) {
        var rule = MatchRule.builder().type(MessageType.METHOD_CALL).interfaceName(IFACE).build();
        return service.onMessage(rule, 100, m -> serve(service, m));
    }

    @Test
    void severalDescriptorsInOneReplyAndInsideContainers() throws Exception {
        // Threads of earlier test classes may still be closing theirs: count from a steady state.
        int before = Fds.awaitStable(Duration.ofMillis(300), T);
        ThreadedRouter.Handler handled;
        try (var service = ThreadedRouter.open(bus.unixPathAddress(), FDS); var handler = startService(service);
                var client = BlockingConnection.open(bus.unixPathAddress(), FDS)) {
            handled = handler;
            assertThat(client.unixFdsEnabled()).isTrue();
            var target = new DBusAddress("/io/jitney/FdTest", service.uniqueName(), IFACE);

            Message pair = client.sendAndGetReply(Messages.newMethodCall(target, "Pair", ""), T);
            assertThat(pair.signature().toString()).isEqualTo("hh");
            assertThat(pair.unixFdCount()).isEqualTo(2);
            assertThat(readAll(pair.body().get(0))).isEqualTo("first");
            assertThat(readAll(pair.body().get(1))).isEqualTo("second");

            Message array = client.sendAndGetReply(Messages.newMethodCall(target, "Array", "u", 5L), T);
            List<?> fds = (List<?>) array.body().getFirst();
            assertThat(fds).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(readAll(fds.get(i))).isEqualTo("pipe " + i);
            }

            Message mixed = client.sendAndGetReply(Messages.newMethodCall(target, "Mixed", ""), T);
            assertThat(mixed.unixFdCount()).isEqualTo(4);
            assertThat(readAll(((Variant) mixed.body().get(0)).value())).isEqualTo("in a variant");
            assertThat(((Struct) mixed.body().get(1)).get(0)).isEqualTo("label");
            assertThat(readAll(((Struct) mixed.body().get(1)).get(1))).isEqualTo("in a struct");
            var dict = (Map<?, ?>) mixed.body().get(2);
            assertThat(dict.get("text")).isEqualTo(new Variant(Signature.of("s"), "not an fd"));
            assertThat(readAll(((Variant) dict.get("fd")).value())).isEqualTo("in a dict");
            var byKey = (Map<?, ?>) mixed.body().get(3);
            assertThat(readAll(byKey.keySet().iterator().next())).isEqualTo("as a key");
            assertThat(mixed.unixFds()).noneMatch(UnixFd::isOpen);

            // and the other way: the client's pipe end travels to the service, which writes into it
            try (var pipe = UnixFd.pipe()) {
                client.sendAndGetReply(Messages.newMethodCall(target, "WriteInto", "hs", pipe.writeEnd(), "back"), T);
                pipe.writeEnd().close();
                assertThat(readAll(pipe.readEnd())).isEqualTo("back");
            }
        }
        assertThat(Fds.awaitAtMost(before, T)).as("descriptors open after closing everything").isEqualTo(before);
        assertThat(handled.dropped()).isZero();
    }

    @Test
    void aHandlerThatThrowsHasItsMessagesDescriptorsClosed() throws Exception {
        var rule = MatchRule.builder().type(MessageType.METHOD_CALL).interfaceName("org.example.Throwing").build();
        var received = new java.util.concurrent.LinkedBlockingQueue<UnixFd>();
        try (var service = ThreadedRouter.open(bus.unixPathAddress(), FDS);
                var handler = service.onMessage(rule, 10, m -> {
                    received.add((UnixFd) m.body().getFirst());
                    throw new IllegalStateException("this handler fails on purpose");
                });
                var sender = BlockingConnection.open(bus.unixPathAddress(), FDS);
                var pipe = UnixFd.pipe()) {
            Message call = Messages.newMethodCall(new DBusAddress("/t", service.uniqueName(), "org.example.Throwing"),
                    "Take", "h", pipe.writeEnd()).toBuilder().flags(1).build(); // no reply expected
            sender.send(call);
            pipe.writeEnd().close(); // ours; the copy the handler got is now the only write end
            UnixFd got = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            try (InputStream in = pipe.readEnd().toInputStream()) {
                assertThat(in.read()).as("end of stream: the handler's copy was closed for it").isEqualTo(-1);
            }
            assertThat(got.isOpen()).isFalse();
        }
    }

    @Test
    void tcpCannotCarryDescriptors() {
        var tcpFds = FDS.withMechanisms(List.of(new Anonymous()));
        String tcp = bus.tcpAddress();
        for (Supplier<?> open : List.<Supplier<?>>of(
                () -> BlockingConnection.open(tcp, tcpFds),
                () -> ThreadedConnection.open(tcp, tcpFds),
                () -> ThreadedRouter.open(tcp, tcpFds),
                () -> join(AsyncRouter.open(tcp, tcpFds)),
                () -> join(AsyncConnection.open(tcp, tcpFds)))) {
            assertThatThrownBy(open::get).isInstanceOf(FdNegotiationException.class)
                    .hasMessageContaining("cannot carry file descriptors");
        }
    }

    @Test
    void aPeerThatAnswersErrorToNegotiateUnixFdRefuses() throws Exception {
        var p2p = FDS.withHello(false);
        List<java.util.function.Function<String, ?>> opens = List.of(
                a -> BlockingConnection.open(a, p2p),
                a -> ThreadedConnection.open(a, p2p),
                a -> ThreadedRouter.open(a, p2p),
                a -> join(AsyncRouter.open(a, p2p)),
                a -> join(AsyncConnection.open(a, p2p)));
        for (var open : opens) {
            try (var peer = FakePeer.start(false)) {
                assertThatThrownBy(() -> open.apply(peer.address())).isInstanceOf(FdNegotiationException.class)
                        .hasMessageContaining("refused Unix fd passing");
            }
        }
        // and one that agrees gets fds enabled
        try (var peer = FakePeer.start(true); var conn = BlockingConnection.open(peer.address(), p2p)) {
            peer.awaitAuthenticated();
            assertThat(conn.unixFdsEnabled()).isTrue();
            assertThat(peer.transcript()).contains("C: NEGOTIATE_UNIX_FD", "S: AGREE_UNIX_FD");
        }
    }

    @Test
    void sendingDescriptorsWithoutFdPassingFailsBeforeAnythingIsWritten() throws Exception {
        try (var peer = FakePeer.start(true); var pipe = UnixFd.pipe();
                var conn = BlockingConnection.open(peer.address(), ConnectionOptions.defaults().withHello(false))) {
            peer.awaitAuthenticated();
            assertThat(conn.unixFdsEnabled()).isFalse();
            var target = new DBusAddress("/io/jitney/FdTest", null, IFACE);
            assertThatThrownBy(() -> conn.send(Messages.newMethodCall(target, "WriteInto", "hs", pipe.writeEnd(), "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ConnectionOptions.withUnixFds(true)");
            Message ping = Messages.newMethodCall(target, "Ping", "");
            int serial = conn.send(ping);
            Message first = peer.receive(T);
            assertThat(first.member()).as("the first thing on the wire").isEqualTo("Ping");
            assertThat(first.serial()).isEqualTo(serial);
            assertThat(peer.bytesReceived()).isEqualTo(ping.serialize(serial).length);
        }
        // the same through the bus, in the other integrations
        var tcp = ConnectionOptions.defaults().withMechanisms(List.of(new Anonymous()));
        try (var pipe = UnixFd.pipe(); var threaded = ThreadedRouter.open(bus.tcpAddress(), tcp);
                var async = join(AsyncRouter.open(bus.tcpAddress(), tcp))) {
            Message call = Messages.newMethodCall(new DBusAddress("/x", threaded.uniqueName(), IFACE), "WriteInto", "h",
                    pipe.writeEnd());
            assertThatThrownBy(() -> threaded.sendAndGetReply(call, T)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fd passing is not enabled");
            assertThatThrownBy(() -> async.sendAndGetReply(call).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fd passing is not enabled");
            assertThat(threaded.isOpen()).as("the connection stays usable").isTrue();
            assertThat(pipe.writeEnd().isOpen()).as("the caller still owns its descriptor").isTrue();
        }
    }

    static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
