package io.jitney.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.TransportException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusAddressesTest {
    @TempDir
    Path tmp;

    @Test
    void sessionFromTheVariable() {
        var env = Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/x;tcp:port=1", "XDG_RUNTIME_DIR", tmp.toString());
        assertThat(BusAddresses.sessionBusAddress(env::get)).isEqualTo("unix:path=/x;tcp:port=1");
        assertThat(Bus.SESSION.address(env::get)).isEqualTo("unix:path=/x;tcp:port=1");
    }

    @Test
    void sessionFromTheRuntimeDirWhenTheSocketExists() throws IOException {
        Path socket = tmp.resolve("bus");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
            String address = BusAddresses.sessionBusAddress(env::get);
            assertThat(ServerAddress.parse(address).get("path")).contains(socket.toString());
            // autolaunch: means "find it yourself"
            Map<String, String> auto = Map.of("XDG_RUNTIME_DIR", tmp.toString(), "DBUS_SESSION_BUS_ADDRESS", "autolaunch:");
            assertThat(BusAddresses.sessionBusAddress(auto::get)).isEqualTo(address);
        }
    }

    @Test
    void noSessionBusSaysHowToFixIt() throws IOException {
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", tmp.toString());
        assertThatThrownBy(() -> BusAddresses.sessionBusAddress(env::get))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("No D-Bus session bus found")
                .hasMessageContaining("DBUS_SESSION_BUS_ADDRESS is not set")
                .hasMessageContaining(tmp.resolve("bus").toString())
                .hasMessageContaining("dbus-run-session");
        Files.createFile(tmp.resolve("bus")); // a plain file is not a bus
        assertThatThrownBy(() -> BusAddresses.sessionBusAddress(env::get)).isInstanceOf(TransportException.class);
        assertThatThrownBy(() -> Bus.SESSION.address(name -> null))
                .isInstanceOf(TransportException.class).hasMessageContaining("XDG_RUNTIME_DIR is not set");
    }

    @Test
    void systemBus() {
        assertThat(BusAddresses.systemBusAddress(name -> null)).isEqualTo("unix:path=/run/dbus/system_bus_socket");
        assertThat(Bus.SYSTEM.address(Map.of("DBUS_SYSTEM_BUS_ADDRESS", "tcp:port=5")::get)).isEqualTo("tcp:port=5");
        assertThat(ServerAddress.parse(BusAddresses.DEFAULT_SYSTEM_BUS).isConnectable()).isTrue();
    }
}
