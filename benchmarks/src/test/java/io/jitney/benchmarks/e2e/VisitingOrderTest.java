package io.jitney.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order in which {@link Compare} visits the peers balances places and neighbours. */
class VisitingOrderTest {
    private static final List<String> PEERS = List.of("a", "b", "c", "d", "e", "f", "g");

    @Test
    void everyRepetitionVisitsEveryPeerOnce() {
        for (int rep = 0; rep < 5; rep++) {
            assertThat(Compare.visitingOrder(PEERS, rep)).containsExactlyInAnyOrderElementsOf(PEERS);
        }
    }

    @Test
    void noPeerAlwaysFollowsTheSamePeer() {
        for (String peer : PEERS) {
            Set<String> before = new HashSet<>();
            for (int rep = 0; rep < 5; rep++) {
                List<String> order = Compare.visitingOrder(PEERS, rep);
                int at = order.indexOf(peer);
                if (at > 0) {
                    before.add(order.get(at - 1));
                }
            }
            assertThat(before).as("what runs right before %s over five repetitions", peer).hasSizeGreaterThan(1);
        }
    }

    @Test
    void everyPeerRunsInSeveralPlaces() {
        for (String peer : PEERS) {
            Set<Integer> places = new HashSet<>();
            for (int rep = 0; rep < 5; rep++) {
                places.add(Compare.visitingOrder(PEERS, rep).indexOf(peer));
            }
            assertThat(places).as("the places of %s over five repetitions", peer).hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
