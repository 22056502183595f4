package io.jitney.io.async;

import io.jitney.bus.MessageBus;
import io.jitney.internal.conn.RouterEngine;
import io.jitney.routing.MatchRule;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reference-counted bus matches: the first user of a rule sends {@code AddMatch}, the last one
 * to let go sends {@code RemoveMatch}. Nothing here waits: both return at once.
 */
final class BusMatches {
    private final RouterEngine engine;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> matches = new HashMap<>();

    private static final class Entry {
        final CompletableFuture<Void> added;
        int users;

        Entry(CompletableFuture<Void> added) {
            this.added = added;
        }
    }

    BusMatches(RouterEngine engine) {
        this.engine = engine;
    }

    /** Completes when the bus has the match (at once if another user already added it). */
    CompletableFuture<Void> acquire(MatchRule rule) {
        String key = rule.toString();
        lock.lock();
        try {
            Entry e = matches.get(key);
            if (e == null) {
                CompletableFuture<Void> added = engine.call(new MessageBus().addMatch(rule)).thenApply(reply -> null);
                e = new Entry(added);
                matches.put(key, e);
                Entry entry = e;
                added.whenComplete((ok, failure) -> {
                    if (failure != null) {
                        forget(key, entry);
                    }
                });
            }
            e.users++;
            return e.added;
        } finally {
            lock.unlock();
        }
    }

    /** Undoes one {@link #acquire}. */
    void release(MatchRule rule) {
        String key = rule.toString();
        boolean remove = false;
        lock.lock();
        try {
            Entry e = matches.get(key);
            if (e != null && --e.users == 0) {
                matches.remove(key);
                remove = e.added.isDone() && !e.added.isCompletedExceptionally();
            }
        } finally {
            lock.unlock();
        }
        if (remove && engine.isOpen()) {
            try {
                engine.send(new MessageBus().removeMatch(rule));
            } catch (RuntimeException ignored) {
                // the bus forgets our matches when the connection goes away
            }
        }
    }

    private void forget(String key, Entry entry) {
        lock.lock();
        try {
            matches.remove(key, entry);
        } finally {
            lock.unlock();
        }
    }
}
