package io.jitney.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Context switches are counted from the kernel's per-thread figures, and only forward. */
class SwitchesTest {
    private static final long SELF = ProcessHandle.current().pid();

    /** {@code times} sleeps of 2 ms; an interrupt ends them. */
    private static void sleep(int times) {
        sleep(times, 2);
    }

    private static void sleep(int times, long millis) {
        for (int i = 0; i < times; i++) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Test
    void aThreadThatSleepsIsCountedAsSleeping() {
        Switches before = Switches.of(SELF);
        assertThat(before.byThread()).as("this JVM's threads").isNotEmpty();
        sleep(20); // each sleep puts this thread to sleep: a voluntary switch
        long[] d = Switches.of(SELF).since(before);
        assertThat(d[0]).as("voluntary switches over 20 sleeps").isGreaterThanOrEqualTo(20);
    }

    @Test
    void aThreadStartedInBetweenCountsFromZeroAndOneThatEndedIsNotSubtracted() throws InterruptedException {
        Switches before = Switches.of(SELF);
        var sleeper = new Thread(() -> sleep(10));
        sleeper.start();
        sleeper.join();
        long[] d = Switches.of(SELF).since(before);
        assertThat(d[0]).as("the ended thread's switches are gone with it; the rest never go backwards")
                .isGreaterThanOrEqualTo(1); // this thread slept in join()
        assertThat(d[1]).isGreaterThanOrEqualTo(0);

        var lingering = new Thread(() -> {
            sleep(10);
            sleep(1, 10_000); // stays alive until interrupted
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
