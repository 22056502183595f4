package io.jitney.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.address.ServerAddress;
import io.jitney.testing.Peers.Peer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DBusDaemonExtension.class)
class DBusDaemonExtensionTest {

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    @Test
    void printsOneAddressPerListenerWithGuids(DBusDaemonExtension bus) throws IOException {
        assertThat(bus.addresses()).hasSize(3).allSatisfy(a -> assertThat(a.guid()).isPresent());
        assertThat(ServerAddress.parse(bus.unixPathAddress()).get("path"))
                .contains(bus.directory().resolve("bus").toString());
        assertThat(ServerAddress.parse(bus.abstractAddress()).get("abstract")).get().asString()
                .startsWith("/jitney/test/");
        assertThat(ServerAddress.parse(bus.tcpAddress()).get("host")).contains("127.0.0.1");
        assertThat(ServerAddress.parse(bus.tcpAddress()).get("port")).get().isNotEqualTo("0");
        assertThat(Files.readString(bus.configFile())).contains("<allow_anonymous/>", "eavesdrop=\"true\"")
                .doesNotContain("servicedir");
        assertThat(ProcessHandle.of(bus.pid())).get().matches(ProcessHandle::isAlive);
        assertThatThrownBy(bus::nonceTcpAddress).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no nonce-tcp:noncefile= listener");
    }

    @Test
    void isARealBusForBusctl(DBusDaemonExtension bus) throws Exception {
        Peers.assumeAvailable(Peer.BUSCTL);
        assertThat(run("busctl", "--address=" + bus.unixPathAddress(), "list", "--no-pager"))
                .contains("org.freedesktop.DBus");
    }

    @Test
    void isARealBusForDbusSend(DBusDaemonExtension bus) throws Exception {
        Peers.assumeAvailable(Peer.DBUS_SEND);
        assertThat(run("dbus-send", "--bus=" + bus.tcpAddress(), "--print-reply", "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus", "org.freedesktop.DBus.GetId")).contains("string \"");
    }

    @Nested
    class NestedClassesShareTheDaemon {
        @Test
        void sameDaemon(DBusDaemonExtension bus) {
            assertThat(bus.addresses()).hasSize(3);
        }
    }

    @Test
    void stopKillsTheDaemonAndRemovesItsDirectory() throws Exception {
        var own = DBusDaemonExtension.builder().tcp(false).limit("max_message_size", 1 << 20)
                .extraConfig("<!-- extra -->").build();
        own.start();
        long pid = own.pid();
        Path dir = own.directory();
        assertThat(own.addresses()).hasSize(2);
        assertThat(Files.readString(own.configFile())).contains("<limit name=\"max_message_size\">1048576</limit>",
                "<!-- extra -->");
        own.stop();
        own.stop();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dir).doesNotExist();
        assertThatThrownBy(own::address).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startedByHandWithAnActivatableServiceAndClosed() throws Exception {
        long pid;
        Path dir;
        try (var own = DBusDaemonExtension.builder().tcp(false)
                .activatableService("org.jitney.test.Fails", "/bin/sh -c 'exit 1'").start()) {
            pid = own.pid();
            dir = own.directory();
            assertThat(own.unixSocket()).isEqualTo(dir.resolve("bus")).exists();
            assertThat(Files.readString(own.configFile()))
                    .contains("<servicedir>" + dir.resolve("services") + "</servicedir>");
            assertThat(dir.resolve("services/org.jitney.test.Fails.service")).hasContent(
                    "[D-BUS Service]\nName=org.jitney.test.Fails\nExec=/bin/sh -c 'exit 1'\n");
            if (Peers.isAvailable(Peer.DBUS_SEND)) {
                assertThat(run("dbus-send", "--bus=" + own.unixPathAddress(), "--print-reply",
                        "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                        "org.freedesktop.DBus.ListActivatableNames")).contains("\"org.jitney.test.Fails\"");
            }
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dir).doesNotExist();
        assertThatThrownBy(() -> DBusDaemonExtension.builder().activatableService("a\nb", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peersNameWhatToInstall() {
        assertThat(Peer.BUSCTL.install()).contains("systemd");
        assertThat(Peer.GDBUS.install()).contains("libglib2.0-bin");
        assertThat(Peer.DBUS_SEND.install()).contains("dbus-bin");
        assertThat(Peer.JEEPNEY.install()).contains("pip install jeepney");
        assertThat(Peers.onPath("jitney-no-such-tool")).isEmpty();
        for (Peer p : Peer.values()) {
            Peers.missing(p).ifPresent(m -> assertThat(m).contains(p.install()));
        }
    }
}
