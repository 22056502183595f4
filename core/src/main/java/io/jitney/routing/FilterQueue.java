package io.jitney.routing;

import io.jitney.message.Message;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue of messages that matched a filter. When it is full, the <em>oldest</em>
 * message is dropped to make room, the drop is counted ({@link #dropped()}), and the first drop
 * is logged once — a router may drop messages that nobody reads fast enough (the seed's warning),
 * but never silently.
 *
 * <p>Thread-safe: any thread may {@link #offer}, any thread may {@link #poll}. Waiting uses a
 * {@link ReentrantLock}, so virtual threads do not pin their carrier.
 */
public final class FilterQueue {
    private static final System.Logger LOG = System.getLogger(FilterQueue.class.getName());

    private final String name;
    private final int capacity;
    private final ArrayDeque<Message> messages;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final AtomicBoolean loggedDrop = new AtomicBoolean();
    private long dropped;
    private RuntimeException closedBecause;

    /**
     * @param name     what the queue is for, used in the drop log line (e.g. the match rule)
     * @param capacity at least 1
     */
    public FilterQueue(String name, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
        this.messages = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /**
     * Adds a message, dropping the oldest if full.
     *
     * @return the message dropped to make room, or {@code null}; the caller may release its
     *     resources (file descriptors)
     */
    public Message offer(Message m) {
        Message evicted = null;
        lock.lock();
        try {
            if (closedBecause != null) {
                evicted = m;
            } else {
                if (messages.size() >= capacity) {
                    evicted = messages.pollFirst();
                    dropped++;
                }
                messages.addLast(m);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (evicted != null && evicted != m && loggedDrop.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "filter queue for {0} is full (capacity {1}); dropping the oldest "
                    + "messages. Read it faster or give it more capacity; dropped() counts the losses.", name, capacity);
        }
        if (evicted != null) {
            evicted.closeUnixFds();
        }
        return evicted;
    }

    /** The next message, or {@code null} if the queue is empty. */
    public Message poll() {
        lock.lock();
        try {
            Message m = messages.pollFirst();
            if (m == null && closedBecause != null) {
                throw closedBecause;
            }
            return m;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} for a message.
     *
     * @return the message, or {@code null} on timeout
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws RuntimeException the exception given to {@link #close(RuntimeException)}, once the
     *     queue is empty and closed
     */
    public Message poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (messages.isEmpty()) {
                if (closedBecause != null) {
                    throw closedBecause;
                }
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return messages.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes every waiting consumer: after the queued messages are taken, {@code poll} throws
     * {@code why}. Later offers are refused (their descriptors closed).
     */
    public void close(RuntimeException why) {
        lock.lock();
        try {
            if (closedBecause == null) {
                closedBecause = why;
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops every queued message and closes their descriptors. */
    public void clear() {
        lock.lock();
        try {
            Message m;
            while ((m = messages.pollFirst()) != null) {
                m.closeUnixFds();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Messages dropped because the queue was full. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return messages.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public String toString() {
        return "FilterQueue[" + name + ", size=" + size() + "/" + capacity + ", dropped=" + dropped() + "]";
    }
}
