package io.jitney.internal.unix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The struct layouts against the sizes verified on this machine (shared/ENVIRONMENT.md, x86-64 glibc). */
class LibCTest {
    @Test
    void layoutsMatchLinux64() {
        assertThat(LibC.isSupported()).isTrue();
        assertThat(LibC.MSGHDR.byteSize()).isEqualTo(56);
        assertThat(LibC.MSG_IOV).isEqualTo(16);
        assertThat(LibC.MSG_IOVLEN).isEqualTo(24);
        assertThat(LibC.MSG_CONTROL).isEqualTo(32);
        assertThat(LibC.MSG_CONTROLLEN).isEqualTo(40);
        assertThat(LibC.MSG_FLAGS).isEqualTo(48);
        assertThat(LibC.IOVEC.byteSize()).isEqualTo(16);
        assertThat(LibC.CMSG_DATA).isEqualTo(16);
        assertThat(LibC.cmsgSpace(4)).isEqualTo(24);
        assertThat(LibC.cmsgLen(4)).isEqualTo(20);
        assertThat(LibC.POLLFD.byteSize()).isEqualTo(8);
        assertThat(LibC.UCRED.byteSize()).isEqualTo(12);
    }

    @Test
    void uidAndErrnoText() throws Exception {
        assertThat(LibC.getuid()).isEqualTo((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        assertThat(ErrnoException.describe(2)).isEqualTo("ENOENT (No such file or directory)");
        assertThat(ErrnoException.describe(9999)).startsWith("errno 9999");
        var e = new ErrnoException("connect(x)", 111);
        assertThat(e.getMessage()).isEqualTo("connect(x) failed: ECONNREFUSED (Connection refused)");
        assertThat(e.errno()).isEqualTo(111);
    }
}
