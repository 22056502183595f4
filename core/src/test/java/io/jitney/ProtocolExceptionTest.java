package io.jitney;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolExceptionTest {
    @Test
    void messageNamesTheOffset() {
        var e = new ProtocolException("bad boolean 2", 17);
        assertThat(e.getMessage()).isEqualTo("bad boolean 2 (at offset 17)");
        assertThat(e.offset()).isEqualTo(17);
        assertThat(new ProtocolException("truncated").offset()).isEqualTo(-1);
    }
}
