package io.jitney.benchmarks.e2e;

import static io.jitney.benchmarks.e2e.Compare.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * E2 a second time, on a second private {@code dbus-daemon} (the same binary) whose C library is
 * told to keep the memory it frees: {@code GLIBC_TUNABLES} with a trim threshold and an mmap
 * threshold far above a 1 MiB message, so a freed message buffer stays in the heap for the next
 * one instead of going back to the kernel and being faulted in — and zeroed — again.
 *
 * <p>Why: a stock daemon relaying 1 MiB messages spends much of its CPU on those page faults,
 * and how many it takes per call depends on where each connection's buffers happen to lie in its
 * heap, not on the client: in a probe on this machine with three clients on one daemon, 512 per
 * call for the one that connected first and 736 for the two others, whichever clients they were
 * (swapping two clients' order swapped their counts). The main pass records the daemon's faults
 * per operation ({@code faults.daemon.E2}); this pass measures the clients with the effect taken
 * away, every peer's connection on an equal footing.
 * Its figures are named {@value #METRIC}.
 */
final class KeptHeapE2 {
    private KeptHeapE2() {}

    static final String METRIC = "E2.kept";

    /** glibc's malloc: never give freed memory back, never serve a message buffer from its own mapping. */
    static final Map<String, String> ENV = Map.of("GLIBC_TUNABLES",
            "glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432");

    /**
     * Runs the pass. If it fails (the second daemon, service or a client does not start), the
     * failure is said and noted as every peer's figure, and the run goes on to its report: the
     * main pass's figures are not lost to it.
     */
    static void run(Compare c) {
        c.say("E2 again on a daemon that keeps its heap (" + ENV.get("GLIBC_TUNABLES") + ")");
        try {
            measureAll(c);
            c.say(fmt("kept-heap E2 done after %.0f s", c.elapsed()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            c.say("kept-heap E2 pass failed: " + e);
            for (var spec : c.specs) {
                c.results.note(spec.key(), METRIC, "ERR kept-heap pass failed: " + e.getMessage());
            }
        }
    }

    private static void measureAll(Compare c) throws Exception {
        try (var bus = PrivateBus.start(c.opts.getOrDefault("dbus-daemon", "dbus-daemon"), ENV)) {
            var service = new PeerProcess("echo-service", c.serviceCommand(bus.address()), c.work.resolve("service-kept.err"));
            try {
                String why = service.awaitReady(60);
                if (why != null) {
                    throw new IllegalStateException("the Jitney echo service did not start on the second daemon: " + why);
                }
                Map<String, PeerProcess> running = c.startPeers(c.peerSpecs(bus.address()), "-kept");
                try {
                    for (PeerProcess p : running.values()) {
                        // New processes: twice the main pass's E2 warm-up, which came after the
                        // other workloads had compiled the shared paths.
                        p.command(c.command("E2", 2 * c.mode.warm(), 0), 600);
                    }
                    for (int rep = 0; rep < c.mode.reps(); rep++) {
                        List<PeerProcess> order = Compare.visitingOrder(new ArrayList<>(running.values()), rep);
                        for (PeerProcess p : order) {
                            c.measure(p, "E2", METRIC, service.pid(), bus.pid());
                        }
                    }
                } finally {
                    running.values().forEach(PeerProcess::close);
                }
            } finally {
                service.close();
            }
        }
    }
}
