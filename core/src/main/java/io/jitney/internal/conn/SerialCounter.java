package io.jitney.internal.conn;

import java.util.concurrent.atomic.AtomicInteger;

/** Hands out message serials 1, 2, 3, … wrapping past 2^32-1 back to 1 (0 is never valid). */
public final class SerialCounter {
    private final AtomicInteger last = new AtomicInteger();

    /** The next serial; thread-safe. */
    public int next() {
        int s;
        do {
            s = last.incrementAndGet();
        } while (s == 0);
        return s;
    }
}
