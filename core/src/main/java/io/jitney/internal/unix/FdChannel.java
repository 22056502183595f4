package io.jitney.internal.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link SeekableByteChannel} on a raw descriptor it owns, with {@code read(2)},
 * {@code write(2)}, {@code lseek(2)} and {@code ftruncate(2)} through FFM. Works on any kind of
 * descriptor for reading and writing (files, pipes, sockets); {@link #position}, {@link #size}
 * and {@link #truncate} need a seekable one and throw an {@link ErrnoException} ({@code ESPIPE})
 * on a pipe or socket.
 *
 * <p>Blocking; a read on an empty pipe waits in native code (a virtual thread pins its
 * carrier meanwhile). Thread-safe: one operation at a time. {@link #close()} from another thread
 * does not wake a blocked read; the descriptor is closed when that read returns, never while
 * a call may still use it. The position used is the descriptor's own (shared with any
 * duplicate of it, as in {@code dup(2)}).
 */
public final class FdChannel implements SeekableByteChannel {
    private static final int MAX_CHUNK = 1 << 20;

    private final OwnedFd owned;
    private final ReentrantLock lock = new ReentrantLock();

    /** Takes ownership of {@code fd}. */
    public FdChannel(int fd) {
        this.owned = new OwnedFd(this, fd, "a channel made from a UnixFd");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
        int fd = owned.acquire();
        lock.lock();
        try (Arena a = Arena.ofConfined()) {
            int want = dst.remaining();
            if (want == 0) {
                return 0;
            }
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment target = dst.isDirect()
                    ? MemorySegment.ofBuffer(dst)
                    : a.allocate(Math.min(want, MAX_CHUNK));
            long n;
            do {
                n = LibC.read(errno, fd, target, Math.min(want, target.byteSize()));
            } while (n < 0 && LibC.errno(errno) == LibC.EINTR);
            Reference.reachabilityFence(dst);
            if (n < 0) {
                throw new ErrnoException("read(fd " + fd + ")", LibC.errno(errno));
            }
            if (n == 0) {
                return -1;
            }
            if (!dst.isDirect()) {
                MemorySegment.copy(target, 0, MemorySegment.ofBuffer(dst), 0, n);
            }
            dst.position(dst.position() + (int) n);
            return (int) n;
        } finally {
            lock.unlock();
            owned.release();
        }
    }

    /** Writes every remaining byte (a blocking channel does not return early). */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int fd = owned.acquire();
        lock.lock();
        try (Arena a = Arena.ofConfined()) {
            int total = src.remaining();
            MemorySegment errno = LibC.allocateErrno(a);
            MemorySegment scratch = src.isDirect() ? null : a.allocate(Math.min(Math.max(total, 1), MAX_CHUNK));
            while (src.hasRemaining()) {
                MemorySegment from;
                long len;
                if (scratch == null) {
                    from = MemorySegment.ofBuffer(src);
                    len = src.remaining();
                } else {
                    len = Math.min(src.remaining(), scratch.byteSize());
                    MemorySegment.copy(MemorySegment.ofBuffer(src), 0, scratch, 0, len);
                    from = scratch;
                }
                long n = LibC.write(errno, fd, from, len);
                Reference.reachabilityFence(src);
                if (n < 0) {
                    int err = LibC.errno(errno);
                    if (err == LibC.EINTR) {
                        continue;
                    }
                    if (err == LibC.EBADF) {
                        throw new NonWritableChannelException();
                    }
                    throw new ErrnoException("write(fd " + fd + ")", err);
                }
                src.position(src.position() + (int) n);
            }
            return total;
        } finally {
            lock.unlock();
            owned.release();
        }
    }

    @Override
    public long position() throws IOException {
        return seek(0, LibC.SEEK_CUR);
    }

    @Override
    public FdChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position: " + newPosition);
        }
        seek(newPosition, LibC.SEEK_SET);
        return this;
    }

    /** The size, by seeking to the end and back (under this channel's lock). */
    @Override
    public long size() throws IOException {
        int fd = owned.acquire();
        lock.lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            long here = LibC.lseek(errno, fd, 0, LibC.SEEK_CUR);
            long end = here < 0 ? -1 : LibC.lseek(errno, fd, 0, LibC.SEEK_END);
            if (end < 0 || LibC.lseek(errno, fd, here, LibC.SEEK_SET) < 0) {
                throw new ErrnoException("lseek(fd " + fd + ")", LibC.errno(errno));
            }
            return end;
        } finally {
            lock.unlock();
            owned.release();
        }
    }

    @Override
    public FdChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        int fd = owned.acquire();
        lock.lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            long here = LibC.lseek(errno, fd, 0, LibC.SEEK_CUR);
            long end = here < 0 ? -1 : LibC.lseek(errno, fd, 0, LibC.SEEK_END);
            if (end < 0) {
                throw new ErrnoException("lseek(fd " + fd + ")", LibC.errno(errno));
            }
            if (size < end && LibC.ftruncate(errno, fd, size) < 0) {
                int err = LibC.errno(errno);
                LibC.lseek(errno, fd, here, LibC.SEEK_SET);
                if (err == LibC.EINVAL || err == LibC.EBADF) {
                    throw new NonWritableChannelException();
                }
                throw new ErrnoException("ftruncate(fd " + fd + ")", err);
            }
            if (LibC.lseek(errno, fd, Math.min(here, size), LibC.SEEK_SET) < 0) {
                throw new ErrnoException("lseek(fd " + fd + ")", LibC.errno(errno));
            }
            return this;
        } finally {
            lock.unlock();
            owned.release();
        }
    }

    private long seek(long offset, int whence) throws IOException {
        int fd = owned.acquire();
        lock.lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = LibC.allocateErrno(a);
            long r = LibC.lseek(errno, fd, offset, whence);
            if (r < 0) {
                throw new ErrnoException("lseek(fd " + fd + ")", LibC.errno(errno));
            }
            return r;
        } finally {
            lock.unlock();
            owned.release();
        }
    }

    @Override
    public boolean isOpen() {
        return owned.isOpen();
    }

    /** Closes the descriptor (once; see the class comment for a read in progress). */
    @Override
    public void close() {
        owned.close();
    }

    @Override
    public String toString() {
        return "FdChannel[fd " + owned.number() + (isOpen() ? "" : ", closed") + "]";
    }
}
