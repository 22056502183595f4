package io.jitney.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JFR step of {@code benchmarks/compare}: a recording is made and its top methods read back. */
class MarshalProfileTest {
    @Test
    void aProfiledRunNamesTheMarshallersOwnMethods(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("M2-serialize.jfr");
        String classPath = System.getProperty("java.class.path");
        String out = Compare.output(MarshalProfile.command(Compare.java(), classPath, jfr, "M2", "serialize", 1.0), 120);
        assertThat(out).contains("OK ops=");
        assertThat(jfr).exists();
        MarshalProfile.Profile p = MarshalProfile.top(jfr, 8);
        assertThat(p.samples()).as("samples in 1 s at 1 ms").isGreaterThan(100);
        assertThat(p.top()).hasSizeBetween(1, 8);
        // the shares come in falling order, add up to at most all the samples, and the writer is among them
        for (int i = 1; i < p.top().size(); i++) {
            assertThat(p.top().get(i).percent()).isLessThanOrEqualTo(p.top().get(i - 1).percent());
        }
        assertThat(p.top().stream().mapToDouble(MarshalProfile.Share::percent).sum()).isLessThanOrEqualTo(100.0001);
        assertThat(p.top()).anySatisfy(s -> assertThat(s.method()).startsWith("WireWriter."));
        assertThat(Files.size(jfr)).isPositive();
    }

    @Test
    void anUnknownModeIsNamed() {
        assertThatThrownBy(() -> MarshalProfile.loop("M2", "sideways", 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sideways");
    }

    @Test
    void eachModeRunsItsPayload() {
        assertThat(MarshalProfile.loop("M1", "serialize", 0.01)).isPositive();
        assertThat(MarshalProfile.loop("M3", "parse", 0.01)).isPositive();
        assertThat(MarshalProfile.sink).isNotNull();
    }
}
