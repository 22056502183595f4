package io.jitney.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.io.async.AsyncRouter;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.io.threading.ThreadedRouter;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Fds;
import io.jitney.testing.JeepneyFdPeer;
import io.jitney.wire.Signature;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * File descriptors crossing between Jitney and Jeepney ({@code enable_fds=True}, Jeepney's
 * blocking integration) through a private dbus-daemon, in each of Jitney's integrations:
 * Jitney sends temp-file descriptors (alone, in an array, in variants) to a Jeepney service that
 * reads them and replies with their text, receives pipe ends from it, and serves a Jeepney client
 * that sends it a pipe's write end to write into. Skipped without python3 + jeepney.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JeepneyFdInteropTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @TempDir
    static Path tmp;

    static final Duration T = Duration.ofSeconds(20);
    static final ConnectionOptions FDS = ConnectionOptions.defaults().withUnixFds(true);

    @BeforeAll
    static void jeepney() {
        JeepneyFdPeer.assumeAvailable();
    }

    static DBusAddress jeepneyService(String name) {
        return new DBusAddress(JeepneyFdPeer.PATH, name, JeepneyFdPeer.INTERFACE);
    }

    static Path file(String text) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "jitney", ".txt"), text);
    }

    static String read(Object fd) throws IOException {
        assertThat(Fds.isCloseOnExec(((UnixFd) fd).fd())).isTrue();
        try (InputStream in = ((UnixFd) fd).toInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The calls a Jitney client makes to the Jeepney service, whatever the integration
     * ({@code call} sends one and waits for the reply): the Jeepney side reads what Jitney sent,
     * and Jitney reads what the Jeepney side sent.
     */
    static void jitneyCallsJeepney(String name, Function<Message, Message> call) throws Exception {
        DBusAddress target = jeepneyService(name);
        try (UnixFd one = UnixFd.open(file("one temp file, sent by " + name))) {
            Message reply = call.apply(Messages.newMethodCall(target, "ReadFile", "h", one));
            assertThat(reply.body()).containsExactly("one temp file, sent by " + name);
            assertThat(one.isOpen()).as("sending does not take the descriptor").isTrue();
        }
        var fds = new ArrayList<UnixFd>();
        try {
            for (int i = 0; i < 3; i++) {
                fds.add(UnixFd.open(file("file " + i)));
            }
            Message reply = call.apply(Messages.newMethodCall(target, "ReadAll", "ah", fds));
            assertThat(reply.body()).containsExactly(List.of("file 0", "file 1", "file 2"));
            var dict = new LinkedHashMap<String, Variant>();
            dict.put("first", new Variant(Signature.of("h"), fds.get(0)));
            dict.put("number", new Variant(Signature.of("i"), 42));
            dict.put("third", new Variant(Signature.of("h"), fds.get(2)));
            reply = call.apply(Messages.newMethodCall(target, "ReadVariants", "a{sv}", dict));
            assertThat(reply.body()).containsExactly(Map.of("first", "file 0", "third", "file 2"));
        } finally {
            fds.forEach(UnixFd::close);
        }
        Message pipes = call.apply(Messages.newMethodCall(target, "Pipes", "u", 3L));
        assertThat(pipes.unixFdCount()).isEqualTo(3);
        List<?> ends = (List<?>) pipes.body().getFirst();
        for (int i = 0; i < 3; i++) {
            assertThat(read(ends.get(i))).isEqualTo("pipe " + i);
        }
    }

    /** What a Jitney service does with the Jeepney client's WriteInto(h, s) call; returns the reply. */
    static Message writeInto(Message call) {
        try (UnixFd fd = (UnixFd) call.body().get(0); OutputStream out = fd.toOutputStream()) {
            out.write(((String) call.body().get(1)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Messages.newError(call, "org.example.Error.IO", e.toString());
        }
        return Messages.newMethodReturn(call, "");
    }

    static boolean isWriteInto(Message m) {
        return m.type() == MessageType.METHOD_CALL && "WriteInto".equals(m.member());
    }

    static final MatchRule WRITE_INTO = MatchRule.builder().type(MessageType.METHOD_CALL)
            .interfaceName(JeepneyFdPeer.INTERFACE).member("WriteInto").build();

    static void quit(Function<Message, Message> call, String name) {
        call.apply(Messages.newMethodCall(jeepneyService(name), "Quit", ""));
    }

    @Test
    void blocking() throws Exception {
        String name = "io.jitney.test.JeepneyBlocking";
        try (var jeepney = JeepneyFdPeer.service(bus.unixPathAddress(), name);
                var conn = BlockingConnection.open(bus.unixPathAddress(), FDS)) {
            Function<Message, Message> call = m -> conn.sendAndGetReply(m, T);
            jitneyCallsJeepney(name, call);

            // Jeepney client -> Jitney: the blocking connection receives the call on this thread
            try (var client = JeepneyFdPeer.client(bus.unixPathAddress(), conn.uniqueName(), "written by blocking Jitney")) {
                Message m;
                do {
                    m = conn.receive(T);
                    if (!isWriteInto(m)) {
                        m.closeUnixFds();
                    }
                } while (!isWriteInto(m));
                conn.send(writeInto(m));
                assertThat(client.awaitOutput()).isEqualTo("READ:written by blocking Jitney");
            }
            quit(call, name);
            jeepney.awaitLine("CLOSED_ALL", T);
        }
    }

    @Test
    void threading() throws Exception {
        String name = "io.jitney.test.JeepneyThreading";
        try (var jeepney = JeepneyFdPeer.service(bus.unixPathAddress(), name);
                var router = ThreadedRouter.open(bus.unixPathAddress(), FDS);
                var handler = router.onMessage(WRITE_INTO, 10, m -> router.send(writeInto(m)))) {
            Function<Message, Message> call = m -> {
                try {
                    return router.sendAndGetReply(m, T);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            };
            jitneyCallsJeepney(name, call);
            try (var client = JeepneyFdPeer.client(bus.unixPathAddress(), router.uniqueName(), "written by threaded Jitney")) {
                assertThat(client.awaitOutput()).isEqualTo("READ:written by threaded Jitney");
            }
            assertThat(handler.dropped()).isZero();
            quit(call, name);
            jeepney.awaitLine("CLOSED_ALL", T);
        }
    }

    @Test
    void async() throws Exception {
        String name = "io.jitney.test.JeepneyAsync";
        try (var jeepney = JeepneyFdPeer.service(bus.unixPathAddress(), name);
                var router = AsyncRouter.open(bus.unixPathAddress(), FDS).get(20, TimeUnit.SECONDS)) {
            Function<Message, Message> call = m -> router.sendAndGetReply(m).orTimeout(20, TimeUnit.SECONDS).join();
            jitneyCallsJeepney(name, call);

            var subscribed = new CompletableFuture<Void>();
            router.filter(WRITE_INTO, 10).subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                    subscribed.complete(null);
                }

                @Override
                public void onNext(Message m) {
                    router.send(writeInto(m));
                }

                @Override
                public void onError(Throwable e) {
                }

                @Override
                public void onComplete() {
                }
            });
            subscribed.get(10, TimeUnit.SECONDS);
            try (var client = JeepneyFdPeer.client(bus.unixPathAddress(), router.uniqueName(), "written by async Jitney")) {
                assertThat(client.awaitOutput()).isEqualTo("READ:written by async Jitney");
            }
            quit(call, name);
            jeepney.awaitLine("CLOSED_ALL", T);
        }
    }
}
