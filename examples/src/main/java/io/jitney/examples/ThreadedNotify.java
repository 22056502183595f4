package io.jitney.examples;

import io.jitney.address.Bus;
import io.jitney.bus.Replies;
import io.jitney.io.threading.ThreadedRouter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Several threads share one {@link ThreadedRouter}: each sends a notification and waits for its
 * own reply; the router's reader thread hands every reply to the thread that asked for it.
 */
public final class ThreadedNotify {
    private ThreadedNotify() {}

    public static void main(String[] args) throws InterruptedException {
        notifyFromThreads(Bus.SESSION.address(), 4, System.out);
    }

    /** Sends one notification from each of {@code threads} virtual threads; returns the ids. */
    public static List<Long> notifyFromThreads(String address, int threads, PrintStream out)
            throws InterruptedException {
        var ids = Collections.synchronizedList(new ArrayList<Long>());
        try (var router = ThreadedRouter.open(address)) {
            var workers = new ArrayList<Thread>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                workers.add(Thread.ofVirtual().start(() -> {
                    try {
                        var reply = router.sendAndGetReply(Notifications.notify("jitney-examples",
                                "Hello from thread " + n, "Sent by the ThreadedNotify example."), Duration.ofSeconds(10));
                        long id = Replies.uint32(reply);
                        ids.add(id);
                        out.println("Thread " + n + ": notification ID " + id);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
        }
        return List.copyOf(ids);
    }
}
