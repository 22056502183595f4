package io.jitney.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.address.ConnectableAddress.Family;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectableAddressTest {

    private static ConnectableAddress c(String address) {
        return ServerAddress.parse(address).connectable();
    }

    @Test
    void unixPathAndAbstract() {
        assertThat(c("unix:path=/run/user/1000/bus,guid=0123456789abcdef0123456789abcdef"))
                .isEqualTo(new ConnectableAddress.UnixPath(
                        ServerAddress.parse("unix:path=/run/user/1000/bus,guid=0123456789abcdef0123456789abcdef"),
                        Path.of("/run/user/1000/bus")));
        assertThat(c("unix:abstract=/tmp/dbus-U8OSdmf7"))
                .isInstanceOfSatisfying(ConnectableAddress.UnixAbstract.class,
                        u -> assertThat(u.name()).isEqualTo("/tmp/dbus-U8OSdmf7"));
    }

    @Test
    void tcpDefaultsAndFamilies() {
        assertThat(c("tcp:port=4242")).isInstanceOfSatisfying(ConnectableAddress.Tcp.class, t -> {
            assertThat(t.host()).isEqualTo("localhost");
            assertThat(t.port()).isEqualTo(4242);
            assertThat(t.family()).isEqualTo(Family.UNSPECIFIED);
        });
        assertThat(c("tcp:host=127.0.0.1,port=1,family=ipv4,bind=*"))
                .isInstanceOfSatisfying(ConnectableAddress.Tcp.class,
                        t -> assertThat(t.family()).isEqualTo(Family.IPV4));
        assertThat(c("tcp:host=%3a%3a1,port=65535,family=ipv6"))
                .isInstanceOfSatisfying(ConnectableAddress.Tcp.class, t -> {
                    assertThat(t.host()).isEqualTo("::1");
                    assertThat(t.port()).isEqualTo(65535);
                    assertThat(t.family()).isEqualTo(Family.IPV6);
                });
    }

    @Test
    void nonceTcp() {
        assertThat(c("nonce-tcp:host=127.0.0.1,port=9,noncefile=/tmp/dbus_nonce%20x"))
                .isInstanceOfSatisfying(ConnectableAddress.NonceTcp.class, n -> {
                    assertThat(n.noncefile()).isEqualTo(Path.of("/tmp/dbus_nonce x"));
                    assertThat(n.port()).isEqualTo(9);
                });
    }

    @Test
    void unixexecArgvStopsAtTheFirstGap() {
        assertThat(c("unixexec:path=/usr/bin/ssh,argv1=-xT,argv2=host,argv4=ignored"))
                .isInstanceOfSatisfying(ConnectableAddress.UnixExec.class, x -> {
                    assertThat(x.path()).isEqualTo("/usr/bin/ssh");
                    assertThat(x.argv()).containsExactly("/usr/bin/ssh", "-xT", "host");
                });
        assertThat(c("unixexec:path=socat,argv0=bridge,argv1=STDIO"))
                .isInstanceOfSatisfying(ConnectableAddress.UnixExec.class,
                        x -> assertThat(x.argv()).containsExactly("bridge", "STDIO"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "unix:tmpdir=/tmp                    | unix:tmpdir= is for servers; a client needs path= or abstract=",
        "unix:dir=/tmp                       | unix:dir= is for servers; a client needs path= or abstract=",
        "unix:runtime=yes                    | unix:runtime= is for servers; a client needs path= or abstract=",
        "unix:guid=0123456789abcdef0123456789abcdef | unix: needs path= or abstract=",
        "unix:path=/a,abstract=b             | exactly one of path=, abstract=, runtime=, dir=, tmpdir= (found path=, abstract=)",
        "unix:path=                          | unix:path= must not be empty",
        "unix:path=%00                       | must not contain a NUL byte",
        "tcp:host=localhost                  | tcp: needs port=",
        "tcp:port=0                          | port=0 asks a server to choose a port",
        "tcp:port=65536                      | port=65536 is not a number in 0..65535",
        "tcp:port=-1                         | port=-1 is not a number",
        "tcp:port=12a                        | port=12a is not a number",
        "tcp:port=1,host=                    | tcp:host= must not be empty",
        "tcp:port=1,family=ipx               | family=ipx is neither ipv4 nor ipv6",
        "nonce-tcp:host=localhost,port=1     | nonce-tcp: needs noncefile=",
        "unixexec:argv1=x                    | unixexec: needs path=",
        "launchd:env=DBUS_LAUNCHD_SESSION_BUS_SOCKET | launchd: addresses (macOS) are not supported",
        "systemd:                            | systemd: addresses are for servers",
        "autolaunch:                         | autolaunch: is not supported",
        "kdbus:path=/sys/fs/kdbus/0-system/bus | unknown transport \"kdbus\"",
    })
    void rejectsWhatAClientCannotUse(String address, String problem) {
        var a = ServerAddress.parse(address);
        assertThat(a.isConnectable()).isFalse();
        assertThatThrownBy(a::connectable)
                .isInstanceOfSatisfying(AddressSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains(address.replace("%00", "%00")).contains(problem);
                    assertThat(e.problem()).contains(problem);
                });
    }

    @Test
    void unixNameLengthIsChecked() {
        String ok = "/" + "a".repeat(ConnectableAddress.MAX_UNIX_NAME_BYTES - 1);
        assertThat(ServerAddress.of("unix", "path", ok).isConnectable()).isTrue();
        assertThatThrownBy(() -> ServerAddress.of("unix", "path", ok + "b").connectable())
                .hasMessageContaining("108 bytes long");
    }

    @Test
    void everyAddressOfAList() {
        var list = ServerAddress.parseList("unix:runtime=yes;unix:tmpdir=/tmp;unix:path=/x");
        assertThat(list).extracting(ServerAddress::isConnectable).isEqualTo(List.of(false, false, true));
    }
}
