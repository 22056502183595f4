package io.jitney.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.TransportException;
import io.jitney.address.ServerAddress;
import io.jitney.testing.DBusDaemonExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** nonce-tcp: against a private dbus-daemon that listens on it. */
class NonceTcpDaemonTest {
    @RegisterExtension
    static DBusDaemonExtension bus = DBusDaemonExtension.builder()
            .tcp(false).listen("nonce-tcp:host=127.0.0.1,port=0").build();

    @TempDir
    Path tmp;

    @Test
    void sendsTheNonceThenTalksLikeTcp() throws IOException {
        try (Transport t = Transports.connect(bus.nonceTcpAddress())) {
            assertThat(t.canPassFds()).isFalse();
            DaemonTransportTest.assertHelloReply(HandDBus.hello(t, true, false));
        }
    }

    @Test
    void aWrongNonceIsDropped() throws IOException {
        var real = ServerAddress.parse(bus.nonceTcpAddress());
        Path fake = Files.write(tmp.resolve("nonce"), new byte[16]);
        var params = new LinkedHashMap<>(real.parameters());
        params.put("noncefile", fake.toString());
        try (Transport t = Transports.connect(new ServerAddress("nonce-tcp", params).format())) {
            var c = new HandDBus(t);
            assertThatThrownBy(c::authAnonymous).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aNonceFileOfTheWrongSizeIsRefused() throws IOException {
        var real = ServerAddress.parse(bus.nonceTcpAddress());
        Path shortFile = Files.write(tmp.resolve("short"), new byte[5]);
        var params = new LinkedHashMap<>(real.parameters());
        params.put("noncefile", shortFile.toString());
        assertThatThrownBy(() -> Transports.connect(new ServerAddress("nonce-tcp", params).format()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("holds 5 bytes, not 16");
        assertThat(ByteBuffer.allocate(1).capacity()).isOne();
    }
}
