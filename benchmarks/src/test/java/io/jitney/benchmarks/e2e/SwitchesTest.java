package io.jitney.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Context switches are counted from the kernel's per-thread figures, and only forward. */
class SwitchesTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void aThreadThatSleepsIsCountedAsSleeping() throws InterruptedException {
        Switches before = Switches.of(SELF);
        assertThat(before.byThread()).as("this JVM's threads").isNotEmpty();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(2); // each one puts this thread to sleep: a voluntary switch
        }
        long[] d = Switches.of(SELF).since(before);
        assertThat(d[0]).as("voluntary switches over 20 sleeps").isGreaterThanOrEqualTo(20);
    }

    @Test
    void aThreadStartedInBetweenCountsFromZeroAndOneThatEndedIsNotSubtracted() throws InterruptedException {
        Switches before = Switches.of(SELF);
        var sleeper = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sleeper.start();
        sleeper.join();
        long[] d = Switches.of(SELF).since(before);
        assertThat(d[0]).as("the ended thread's switches are gone with it; the rest never go backwards")
                .isGreaterThanOrEqualTo(1); // this thread slept in join()
        assertThat(d[1]).isGreaterThanOrEqualTo(0);

        var lingering = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                // done
            }
        });
        Switches beforeStart = Switches.of(SELF);
        lingering.start();
        Thread.sleep(100);
        long[] withNew = Switches.of(SELF).since(beforeStart);
        lingering.interrupt();
        lingering.join();
        assertThat(withNew[0]).as("a thread started since the first snapshot, 10 sleeps and counting")
                .isGreaterThanOrEqualTo(10);
    }

    @Test
    void aProcessThatIsNotThereHasNoSwitches() {
        Switches gone = Switches.of(Long.MAX_VALUE);
        assertThat(gone).isSameAs(Switches.NONE);
        assertThat(Switches.NONE.since(Switches.of(SELF))).containsExactly(0, 0);
    }
}
