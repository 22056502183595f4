package io.jitney.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second daemon of {@link KeptHeapE2} does what the report says of it: relaying 1 MiB
 * messages, it takes (almost) no fresh pages per call. glibc ignores a tunable it does not know
 * without a word (and does not leave {@code GLIBC_TUNABLES} in {@code /proc/PID/environ} to
 * check), so a misspelt or dropped one shows up here and nowhere else.
 */
class KeptHeapE2Test {
    @BeforeAll
    static void needsDbusDaemonAndGlibc() {
        assumeTrue(Compare.output(List.of("dbus-daemon", "--version"), 10) != null,
                "needs dbus-daemon on the PATH (apt install dbus-daemon)");
        String libc = Compare.output(List.of("getconf", "GNU_LIBC_VERSION"), 10);
        assumeTrue(libc != null && libc.startsWith("glibc"), "GLIBC_TUNABLES is read by glibc only; this libc: " + libc);
    }

    @Test
    void relayingOneMebibyteCallsTakesNoFreshPagesPerCall() throws Exception {
        try (var bus = PrivateBus.start("dbus-daemon", KeptHeapE2.ENV)) {
            var service = EchoService.start(bus.address());
            var serviceThread = Thread.ofPlatform().name("echo-service").start(service::run);
            try (var client = new JitneyBlockingClient(bus.address())) {
                for (int i = 0; i < 5; i++) { // the daemon's heap grows to what a call needs
                    assertThat(client.echoBytes(Driver.MIB)).isEqualTo(Driver.MIB);
                }
                long before = PeerProcess.minorFaults(bus.pid());
                int calls = 20;
                for (int i = 0; i < calls; i++) {
                    assertThat(client.echoBytes(Driver.MIB)).isEqualTo(Driver.MIB);
                }
                long faults = PeerProcess.minorFaults(bus.pid()) - before;
                // A stock daemon takes 256 or more per call on this path (a 1 MiB buffer is 256 pages).
                assertThat(faults).as("daemon page faults over %d calls of 1 MiB each way", calls).isLessThan(calls * 16L);
            } finally {
                service.close();
                serviceThread.join(10_000);
            }
        }
    }

    @Test
    void faultsAreCountedForALiveProcessAndNotForAMissingOne() {
        long self = ProcessHandle.current().pid();
        long before = PeerProcess.minorFaults(self);
        assertThat(before).isPositive();
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var block = arena.allocate(16 << 20, 4096);
            for (long at = 0; at < block.byteSize(); at += 4096) {
                block.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at, (byte) 1); // first touch of each page
            }
        }
        assertThat(PeerProcess.minorFaults(self)).as("after touching 16 MiB of new memory").isGreaterThan(before);
        assertThat(PeerProcess.minorFaults(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
