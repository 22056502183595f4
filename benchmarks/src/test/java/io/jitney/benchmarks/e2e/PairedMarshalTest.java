package io.jitney.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The paired in-process comparison runs both libraries every round (no timing assertions). */
class PairedMarshalTest {
    @Test
    void everyRoundTimesBothLibrariesOnEveryPayload() throws Exception {
        for (String payload : new String[] {"M1", "M2", "M3"}) {
            PairedMarshal.Result r = PairedMarshal.measure(payload, 2, 0.01);
            assertThat(r.jitney()).hasSize(2);
            assertThat(r.dbusJava()).hasSize(2);
            assertThat(Arrays.stream(r.ratios())).as("paired ratios for %s", payload).allMatch(x -> x > 0);
        }
    }

    @Test
    void anUnknownPayloadIsNamed() {
        assertThatThrownBy(() -> PairedMarshal.measure("M7", 1, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("M7");
    }

    @Test
    void ratiosArePairedRoundByRound() {
        var r = new PairedMarshal.Result(new double[] {1000, 900}, new double[] {100, 300});
        assertThat(r.ratios()).containsExactly(10.0, 3.0);
    }
}
