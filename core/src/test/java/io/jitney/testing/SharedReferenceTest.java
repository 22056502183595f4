package io.jitney.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SharedReferenceTest {
    @Test
    void findsTheSpecification() throws Exception {
        Path spec = SharedReference.assumeAvailable("dbus-specification.md");
        assertThat(Files.readString(spec)).contains("# Server Addresses");
        assertThat(SharedReference.referenceDir()).contains(SharedReference.assumeAvailable());
    }
}
