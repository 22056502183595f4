package io.jitney.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.message.Message;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** The side-by-side harness loads a build on its own and times it (no timing assertions). */
class SideBySideTest {
    private static Path thisBuild() throws Exception {
        return Path.of(Message.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void timesEveryRoundOfBothBuildsForEveryMode() throws Throwable {
        for (String mode : new String[] {"roundTrip", "serialize", "parse"}) {
            SideBySide.Result r = SideBySide.compare(thisBuild(), thisBuild(), "M1", mode, 3, 200);
            assertThat(r.a()).hasSize(3);
            assertThat(r.b()).hasSize(3);
            assertThat(DoubleStream.concat(Arrays.stream(r.a()), Arrays.stream(r.b())))
                    .as("ns per operation, every round of both builds (%s)", mode).allMatch(ns -> ns > 0);
            assertThat(r.medianRatio()).isPositive();
            assertThat(r.bWins()).isBetween(0, 3);
        }
    }

    @Test
    void eachBuildHasItsOwnClassesAndChecksItsRoundTrip() throws Throwable {
        // The workload class the harness runs is not the one on this test's class path: a
        // build loaded side by side must not share classes (or caches) with the other.
        SideBySide.compare(thisBuild(), thisBuild(), "M2", "roundTrip", 1, 10);
        assertThat(SideBySide.Workload.sink).as("the harness never ran this loader's copy").isNull();
    }

    @Test
    void namesWhatItDoesNotKnow() throws Exception {
        assertThatThrownBy(() -> SideBySide.compare(thisBuild(), thisBuild(), "M9", "roundTrip", 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("M9");
        assertThatThrownBy(() -> SideBySide.compare(thisBuild(), thisBuild(), "M1", "sideways", 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sideways");
        assertThatThrownBy(() -> SideBySide.compare(Path.of("/nonexistent/core.jar"), thisBuild(), "M1", "parse", 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent/core.jar");
    }

    @Test
    void medianRatioAndWinsComeFromPairedRounds() {
        var r = new SideBySide.Result(new double[] {100, 100, 200}, new double[] {90, 120, 100});
        assertThat(r.medianRatio()).isEqualTo(0.9);
        assertThat(r.bWins()).isEqualTo(2);
    }
}
