package io.jitney.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.auth.FdNegotiationException;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.FakePeer;
import io.jitney.testing.JeepneyFdPeer;
import io.jitney.wire.UnixFd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** File descriptors through the Reactor adapter: to and from Jeepney, and negotiation refused. */
class ReactorFdTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @TempDir
    Path tmp;

    static final Duration T = Duration.ofSeconds(20);
    static final ConnectionOptions FDS = ConnectionOptions.defaults().withUnixFds(true);

    @Test
    void descriptorsCrossWithJeepneyBothWays() throws Exception {
        JeepneyFdPeer.assumeAvailable();
        String name = "io.jitney.test.JeepneyReactor";
        try (var jeepney = JeepneyFdPeer.service(bus.unixPathAddress(), name);
                var router = ReactorRouter.open(bus.unixPathAddress(), FDS).block(T)) {
            var target = new DBusAddress(JeepneyFdPeer.PATH, name, JeepneyFdPeer.INTERFACE);

            // Jitney -> Jeepney: a temp file's descriptor; Jeepney reads it and replies with the text
            Path file = Files.writeString(tmp.resolve("reactor.txt"), "a temp file, sent from Reactor");
            try (UnixFd fd = UnixFd.open(file)) {
                Message reply = router.sendAndGetReply(Messages.newMethodCall(target, "ReadFile", "h", fd)).block(T);
                assertThat(reply.body()).containsExactly("a temp file, sent from Reactor");
            }
            // Jeepney -> Jitney: pipe ends in an array
            Message pipes = router.sendAndGetReply(Messages.newMethodCall(target, "Pipes", "u", 2L)).block(T);
            List<?> ends = (List<?>) pipes.body().getFirst();
            for (int i = 0; i < ends.size(); i++) {
                try (InputStream in = ((UnixFd) ends.get(i)).toInputStream()) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("pipe " + i);
                }
            }

            // A Jeepney client sends a pipe's write end to a Jitney service made of a Flux
            var rule = MatchRule.builder().type(MessageType.METHOD_CALL).interfaceName(JeepneyFdPeer.INTERFACE)
                    .member("WriteInto").build();
            Disposable serving = router.filter(rule, 10)
                    .concatMap(call -> Mono.fromCallable(() -> writeInto(call)).flatMap(router::send))
                    .subscribe();
            // the filter is live once the subscription is made; give the delivery thread a moment
            Thread.sleep(200);
            try (var client = JeepneyFdPeer.client(bus.unixPathAddress(), router.uniqueName(), "written by Reactor")) {
                assertThat(client.awaitOutput()).isEqualTo("READ:written by Reactor");
            }
            serving.dispose();
            router.sendAndGetReply(Messages.newMethodCall(target, "Quit", "")).block(T);
            jeepney.awaitLine("CLOSED_ALL", T);
        }
    }

    static Message writeInto(Message call) throws IOException {
        try (UnixFd fd = (UnixFd) call.body().get(0); OutputStream out = fd.toOutputStream()) {
            out.write(((String) call.body().get(1)).getBytes(StandardCharsets.UTF_8));
        }
        return Messages.newMethodReturn(call, "");
    }

    @Test
    void aRefusalIsAnFdNegotiationExceptionInTheMono() throws Exception {
        try (var peer = FakePeer.start(false)) {
            assertThatThrownBy(() -> ReactorRouter.open(peer.address(), FDS.withHello(false)).block(T))
                    .isInstanceOf(FdNegotiationException.class).hasMessageContaining("refused Unix fd passing");
        }
        try (var peer = FakePeer.start(false)) {
            assertThatThrownBy(() -> ReactorConnection.open(peer.address(), FDS.withHello(false)).block(T))
                    .isInstanceOf(FdNegotiationException.class);
        }
    }
}
