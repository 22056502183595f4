package io.jitney.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.TransportException;
import io.jitney.address.AddressSyntaxException;
import io.jitney.internal.unix.ErrnoException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportsTest {
    @TempDir
    Path tmp;

    @Test
    void whenEveryAddressFailsTheMessageListsEachWithItsReason() throws IOException {
        int closedPort;
        try (var s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        String abstractName = "/jitney/none-" + UUID.randomUUID();
        String list = "unix:path=" + tmp + "/missing;unix:abstract=" + abstractName
                + ";tcp:host=127.0.0.1,port=" + closedPort + ";unix:tmpdir=/tmp;foo:bar=baz";
        assertThatThrownBy(() -> Transports.connect(list))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.getMessage()).startsWith("Could not connect to any of 5 D-Bus addresses:")
                            .contains("1. unix:path=" + tmp + "/missing — connect(unix:path=" + tmp
                                    + "/missing) failed: ENOENT")
                            .contains("2. unix:abstract=" + abstractName + " — connect(").contains("ECONNREFUSED")
                            .contains("3. tcp:host=127.0.0.1,port=" + closedPort + " — connect(127.0.0.1 port "
                                    + closedPort + ") failed")
                            .contains("4. unix:tmpdir=/tmp — not a client address: unix:tmpdir= is for servers; "
                                    + "a client needs path= or abstract=")
                            .contains("5. foo:bar=baz — not a client address: unknown transport \"foo\"");
                    assertThat(e.getCause()).isInstanceOf(AddressSyntaxException.class);
                    assertThat(e.getSuppressed()).hasSize(4);
                    assertThat(e.getSuppressed()[0]).isInstanceOf(ErrnoException.class);
                });
    }

    @Test
    void aSingleAddressSaysSo() {
        assertThatThrownBy(() -> Transports.connect("unix:path=" + tmp + "/nope"))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("Could not connect to D-Bus at unix:path=" + tmp + "/nope:\n  1. ");
    }

    @Test
    void malformedListsAndEmptyListsAreMisuse() {
        assertThatThrownBy(() -> Transports.connect("unix:path")).isInstanceOf(AddressSyntaxException.class);
        assertThatThrownBy(() -> Transports.connect(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void laterAddressIsUsedWhenAnEarlierOneFails() throws IOException {
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            try (Transport t = Transports.connect("unix:runtime=yes;unix:path=" + tmp + "/x;tcp:host=127.0.0.1,port="
                    + port + ",family=ipv4");
                    var accepted = server.accept()) {
                assertThat(t.describe()).isEqualTo("tcp:host=127.0.0.1,port=" + port + ",family=ipv4");
                assertThat(accepted.isConnected()).isTrue();
            }
        }
    }

    @Test
    void tcpTimeoutsEofAndCloseWakeUp() throws Exception {
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Transport t = Transports.connect("tcp:host=127.0.0.1,port=" + port);
            try (var peer = server.accept()) {
                assertThat(t.read(ByteBuffer.allocate(4), 30, fd -> { })).isZero();
                assertThat(t.read(ByteBuffer.allocate(4), 0, fd -> { })).isZero();
                assertThatThrownBy(() -> t.write(new ByteBuffer[] {ByteBuffer.allocate(1)}, new int[] {0}))
                        .isInstanceOf(IllegalArgumentException.class);
                t.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})}, new int[0]);
                ByteBuffer got = ByteBuffer.allocate(3);
                while (got.hasRemaining()) {
                    peer.read(got);
                }
                assertThat(got.array()).containsExactly(1, 2, 3);
                var blocked = CompletableFuture.supplyAsync(() -> {
                    try {
                        return t.read(ByteBuffer.allocate(4), -1, fd -> { });
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                Thread.sleep(100);
                t.close();
                assertThatThrownBy(() -> blocked.get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().cause().isInstanceOf(ClosedChannelException.class);
                assertThatThrownBy(() -> t.read(ByteBuffer.allocate(1), 0, fd -> { }))
                        .isInstanceOf(ClosedChannelException.class);
                t.close();
            }
        }
    }

    @Test
    void tcpPeerClosingGivesEndOfStream() throws IOException {
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            try (Transport t = Transports.connect("tcp:host=127.0.0.1,port=" + port)) {
                server.accept().close();
                assertThat(t.read(ByteBuffer.allocate(4), 20_000, fd -> { })).isEqualTo(-1);
            }
        }
    }

    @Test
    void tcpFamilyIsHonoured() {
        assertThatThrownBy(() -> Transports.connect("tcp:host=127.0.0.1,port=1,family=ipv6"))
                .isInstanceOf(TransportException.class).hasMessageContaining("has no ipv6 address");
    }
}
