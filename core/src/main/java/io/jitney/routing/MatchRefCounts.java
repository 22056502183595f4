package io.jitney.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reference counts of the match rules a connection has asked the bus for, so that the same rule
 * subscribed twice is added once ({@code AddMatch}) and removed ({@code RemoveMatch}) when the
 * last subscription lets go. Pure bookkeeping: the caller does the I/O its answers call for.
 * Thread-safe.
 */
public final class MatchRefCounts {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> counts = new HashMap<>();

    /** Counts one more user of {@code rule}; true if it is the first (send {@code AddMatch}). */
    public boolean acquire(MatchRule rule) {
        lock.lock();
        try {
            return counts.merge(rule.toString(), 1, Integer::sum) == 1;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts one user fewer; true if that was the last (send {@code RemoveMatch}). A rule that
     * was never acquired is ignored (false).
     */
    public boolean release(MatchRule rule) {
        lock.lock();
        try {
            String key = rule.toString();
            Integer n = counts.get(key);
            if (n == null) {
                return false;
            }
            if (n > 1) {
                counts.put(key, n - 1);
                return false;
            }
            counts.remove(key);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the bus has (or is being asked for) {@code rule}. */
    public boolean contains(MatchRule rule) {
        lock.lock();
        try {
            return counts.containsKey(rule.toString());
        } finally {
            lock.unlock();
        }
    }
}
