package io.jitney.internal.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.address.ServerAddress;
import io.jitney.internal.unix.ErrnoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnixExecTransportTest {
    private static String readAll(Transport t) throws IOException {
        var out = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(256);
        while (true) {
            buf.clear();
            int n = t.read(buf, 20_000, fd -> { });
            if (n < 0) {
                return out.toString();
            }
            if (n == 0) {
                throw new IOException("no output within 20 s; so far: " + out);
            }
            out.append(new String(buf.array(), 0, n, UTF_8));
        }
    }

    @Test
    void catEchoesRawBytes() throws IOException {
        try (Transport t = Transports.connect("unixexec:path=cat")) {
            assertThat(t).isInstanceOf(UnixExecTransport.class);
            assertThat(t.canPassFds()).isTrue();
            t.write(new ByteBuffer[] {ByteBuffer.wrap("\0AUTH ".getBytes(UTF_8)), ByteBuffer.wrap("x\r\n".getBytes(UTF_8))},
                    new int[0]);
            ByteBuffer dst = ByteBuffer.allocate(9);
            while (dst.hasRemaining()) {
                assertThat(t.read(dst, 20_000, fd -> { })).isPositive();
            }
            assertThat(new String(dst.array(), UTF_8)).isEqualTo("\0AUTH x\r\n");
        }
    }

    @Test
    void argv0AndEscapedArgumentsReachTheProgram() throws IOException {
        var address = ServerAddress.of("unixexec", "path", "sh", "argv0", "custom-name", "argv1", "-c",
                "argv2", "echo \"$(tr '\\0' '|' < /proc/$$/cmdline)\"", "argv3", "$0", "argv4", "a b,c;d=e");
        assertThat(address.format()).contains("argv3=%240,argv4=a%20b%2cc%3bd%3de");
        try (Transport t = Transports.connect(ServerAddress.parse(address.format()).format())) {
            // The shell's own argv, NUL-separated in /proc: argv[0] is argv0=, not path=.
            assertThat(readAll(t)).startsWith("custom-name|-c|echo ").endsWith("|$0|a b,c;d=e|\n");
        }
    }

    @Test
    void closeEndsAProgramThatIgnoresItsInput() throws IOException {
        var t = (UnixExecTransport) Transports.connect("unixexec:path=sleep,argv1=600");
        ProcessHandle child = ProcessHandle.of(t.pid()).orElseThrow();
        assertThat(child.isAlive()).isTrue();
        t.close();
        t.close();
        assertThat(ProcessHandle.of(t.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void theChildSeesOnlyItsStandardDescriptors() throws IOException {
        // ls lists its own descriptors: 0, 1, 2 and 3 (the directory it is reading). Anything more
        // would have leaked from the JVM.
        try (Transport t = Transports.connect("unixexec:path=ls,argv1=-1,argv2=/proc/self/fd")) {
            assertThat(readAll(t).lines()).containsExactly("0", "1", "2", "3");
        }
    }

    @Test
    void aMissingProgramIsReported() {
        assertThatThrownBy(() -> UnixExecTransport.start("jitney-no-such-program", List.of("x"), "unixexec:path=x"))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.getMessage())
                        .startsWith("posix_spawnp(unixexec:path=x) failed: ENOENT"));
    }

    @Test
    void fdsCanBePassedToTheChild() throws IOException {
        // cat does not read control messages; the kernel discards the fd. The write must still work.
        int[] pipe = NativeFds.pipe();
        try (Transport t = Transports.connect("unixexec:path=cat")) {
            t.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {42})}, new int[] {pipe[1]});
            var fds = new ArrayList<Integer>();
            ByteBuffer dst = ByteBuffer.allocate(1);
            assertThat(t.read(dst, 20_000, fds::add)).isEqualTo(1);
            assertThat(dst.get(0)).isEqualTo((byte) 42);
            assertThat(fds).isEmpty();
        } finally {
            NativeFds.close(pipe);
        }
    }
}
