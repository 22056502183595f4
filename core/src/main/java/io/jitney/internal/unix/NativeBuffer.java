package io.jitney.internal.unix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native scratch buffer that grows (up to a cap) and is freed on {@link #close()}.
 *
 * <p>Not thread-safe: each owner uses it from one thread at a time (the transports hold a lock
 * per direction). Growing frees the old memory at once, so no slice may be kept across
 * {@link #ensure(long)}.
 */
public final class NativeBuffer implements AutoCloseable {
    private final long max;
    private Arena arena;
    private MemorySegment segment;

    public NativeBuffer(long initial, long max) {
        this.max = max;
        this.arena = Arena.ofShared();
        this.segment = arena.allocate(initial, 8);
    }

    /** The buffer, at least {@code min(wanted, max)} bytes long. */
    public MemorySegment ensure(long wanted) {
        long want = Math.min(wanted, max);
        if (segment.byteSize() < want) {
            long size = Math.min(max, Math.max(want, segment.byteSize() * 2));
            Arena next = Arena.ofShared();
            MemorySegment grown = next.allocate(size, 8);
            arena.close();
            arena = next;
            segment = grown;
        }
        return segment;
    }

    /** The current buffer. */
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public void close() {
        arena.close();
    }
}
