package io.jitney.io.async;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/** The writer and delivery threads of one async connection. */
final class AsyncThreads implements AutoCloseable {
    final ExecutorService writer;
    final ExecutorService delivery;

    AsyncThreads(String name) {
        writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("jitney-writer-" + name).factory());
        delivery = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("jitney-delivery-" + name).factory());
    }

    /**
     * Runs {@code task} on the delivery thread; once the router is closed and that thread has
     * stopped, on a virtual thread — never on the caller's or the reader's thread.
     */
    void deliver(Runnable task) {
        try {
            delivery.execute(task);
        } catch (RejectedExecutionException e) {
            Thread.ofVirtual().name("jitney-delivery-late").start(task);
        }
    }

    /** Stops both threads after what is queued (futures still to be completed get completed). */
    @Override
    public void close() {
        writer.shutdown();
        delivery.shutdown();
    }
}
