package io.jitney.internal.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.address.ServerAddress;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each transport against a private dbus-daemon: by-hand SASL, a by-hand Hello, the reply read back. */
class DaemonTransportTest {
    @RegisterExtension
    static DBusDaemonExtension bus = new DBusDaemonExtension();

    /** Checks a Hello reply: METHOD_RETURN (type 2) carrying a unique name. */
    static void assertHelloReply(byte[] reply) {
        assertThat(reply[1]).as("message type").isEqualTo((byte) 2);
        assertThat(new String(reply, US_ASCII)).contains(":1.");
    }

    @Test
    void unixPath() throws IOException {
        try (Transport t = Transports.connect(bus.unixPathAddress())) {
            assertThat(t).isInstanceOf(UnixSocketTransport.class);
            assertThat(t.canPassFds()).isTrue();
            assertThat(t.describe()).isEqualTo(bus.unixPathAddress());
            assertHelloReply(HandDBus.hello(t, false, true));
            // SO_PEERCRED of a listening socket names whoever called listen(): dbus-daemon does
            // that before it forks, so the pid is the launcher's, not bus.pid(). The uid is ours.
            var cred = ((UnixSocketTransport) t).peerCredentials();
            assertThat(cred.uid()).isEqualTo(io.jitney.internal.unix.LibC.getuid());
            assertThat(cred.pid()).isPositive();
        }
    }

    @Test
    void unixAbstract() throws IOException {
        try (Transport t = Transports.connect(bus.abstractAddress())) {
            assertThat(ServerAddress.parse(t.describe()).get("abstract")).get().asString().startsWith("/jitney/test/");
            assertHelloReply(HandDBus.hello(t, false, true));
        }
    }

    @Test
    void tcpWithAnonymousAuthAndNoFdPassing() throws IOException {
        try (Transport t = Transports.connect(bus.tcpAddress())) {
            assertThat(t).isInstanceOf(TcpTransport.class);
            assertThat(t.canPassFds()).isFalse();
            var c = new HandDBus(t);
            assertThat(c.authAnonymous()).hasSize(32);
            assertThat(c.negotiateUnixFd()).startsWith("ERROR");
            c.begin();
            c.sendHello();
            assertHelloReply(c.readMessage());
        }
    }

    @Test
    void wholeListConnectsToTheFirst() throws IOException {
        try (Transport t = Transports.connect(bus.address())) {
            assertThat(t.describe()).isEqualTo(bus.addresses().getFirst().format());
        }
    }

    @Test
    void guidFromTheAddressMatchesTheOneInOk() throws IOException {
        var address = ServerAddress.parse(bus.unixPathAddress());
        try (Transport t = Transports.connect(address.format())) {
            assertThat(new HandDBus(t).authExternal()).isEqualTo(address.guid().orElseThrow());
        }
    }

    @Test
    void helloHeaderWrittenInOneGatheredCallAndReadInChunks() throws IOException {
        // The reply arrives in several reads when dst is small: reading fills what fits.
        try (Transport t = Transports.connect(bus.unixPathAddress())) {
            var c = new HandDBus(t);
            c.authExternal();
            c.begin();
            c.sendHello();
            ByteBuffer small = ByteBuffer.allocate(7);
            assertThat(t.read(small, 20_000, fd -> { })).isEqualTo(7);
            assertThat(small.get(0)).isIn((byte) 'l', (byte) 'B');
            assertThat(small.get(1)).isEqualTo((byte) 2);
        }
    }

    @Test
    void theBusDisconnectingGivesEndOfStream() throws IOException {
        try (Transport t = Transports.connect(bus.unixPathAddress())) {
            var c = new HandDBus(t);
            c.authExternal();
            c.begin();
            // 'x' is no byte order: the bus must drop us.
            t.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {'x', 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0})},
                    new int[0]);
            ByteBuffer dst = ByteBuffer.allocate(64);
            int n;
            do {
                dst.clear();
                n = t.read(dst, 20_000, fd -> { });
            } while (n > 0);
            assertThat(n).isEqualTo(-1);
        }
    }

    @Test
    void unixexecThroughSystemdStdioBridge() throws IOException {
        Peers.assumeAvailable(Peer.SYSTEMD_STDIO_BRIDGE);
        String unixPath = ServerAddress.parse(bus.unixPathAddress()).get("path").orElseThrow();
        var exec = ServerAddress.of("unixexec", "path", "systemd-stdio-bridge",
                "argv1", "--bus-path=" + ServerAddress.of("unix", "path", unixPath).format());
        try (Transport t = Transports.connect(exec.format())) {
            assertThat(t).isInstanceOf(UnixExecTransport.class);
            assertHelloReply(HandDBus.hello(t, false, false));
        }
    }

    @Test
    void unixexecThroughSocat() throws IOException {
        Peers.assumeAvailable(Peer.SOCAT);
        String unixPath = ServerAddress.parse(bus.unixPathAddress()).get("path").orElseThrow();
        var exec = ServerAddress.of("unixexec", "path", "socat", "argv1", "STDIO", "argv2", "UNIX-CONNECT:" + unixPath);
        try (Transport t = Transports.connect(exec.format())) {
            assertHelloReply(HandDBus.hello(t, false, false));
        }
    }
}
