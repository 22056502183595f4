package io.jitney.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The paired in-process comparison runs both libraries every round (no timing assertions). */
class PairedMarshalTest {
    @Test
    void everyRoundTimesBothLibrariesOnEveryPayload() throws Exception {
        for (String payload : new String[] {"M1", "M2", "M3"}) {
            PairedMarshal.Result r = PairedMarshal.measure(payload, 2, 0.01);
            assertThat(r.jitney()).hasSize(2);
            assertThat(r.jitneyBuilding()).hasSize(2);
            assertThat(r.dbusJava()).hasSize(2);
            assertThat(Arrays.stream(r.ratios())).as("paired ratios for %s", payload).allMatch(x -> x > 0);
            assertThat(Arrays.stream(r.buildingRatios())).as("building ratios for %s", payload).allMatch(x -> x > 0);
        }
    }

    @Test
    void anUnknownPayloadIsNamed() {
        assertThatThrownBy(() -> PairedMarshal.measure("M7", 1, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("M7");
    }

    @Test
    void compareReadsBackTheSummaryLine() {
        var r = new PairedMarshal.Result(new double[] {1_200_000, 1_000_000, 1_100_000},
                new double[] {900_000, 600_000, 750_000}, new double[] {200_000, 100_000, 150_000});
        String line = PairedMarshal.summary("M2", r, 0.5);
        double[] read = Foundation.parsePaired("some JVM warning\n" + line + "\n").orElseThrow();
        // medians 1,100,000, 750,000 and 150,000; ratios 6, 10, 7.33 → median 7.33, range 6 to 10;
        // building: 4.5, 6, 5 → median 5, range 4.5 to 6
        assertThat(read).containsExactly(new double[] {1_100_000, 150_000, 7.33, 6.0, 10.0, 750_000, 5.0, 4.5, 6.0},
                offset(0.001));
        assertThat(Foundation.parsePaired("Exception in thread main")).isEmpty();
        assertThat(Foundation.parsePaired(null)).isEmpty();
    }

    @Test
    void ratiosArePairedRoundByRound() {
        var r = new PairedMarshal.Result(new double[] {1000, 900}, new double[] {500, 600}, new double[] {100, 300});
        assertThat(r.ratios()).containsExactly(10.0, 3.0);
        assertThat(r.buildingRatios()).containsExactly(5.0, 2.0);
    }
}
