package io.jitney.internal.unix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Streams on a raw descriptor, over an {@link FdChannel} (which owns the descriptor). Not
 * {@code Channels.newInputStream}: that one treats a seekable channel as a file and would call
 * {@code lseek} in {@code available()} and {@code skip()}, which fails on a pipe.
 */
public final class FdStreams {
    private FdStreams() {}

    /** An input stream that owns {@code fd}. */
    public static InputStream input(int fd) {
        return new In(new FdChannel(fd));
    }

    /** An output stream that owns {@code fd}. */
    public static OutputStream output(int fd) {
        return new Out(new FdChannel(fd));
    }

    private static final class In extends InputStream {
        private final FdChannel channel;

        In(FdChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() {
            channel.close();
        }

        @Override
        public String toString() {
            return "InputStream on " + channel;
        }
    }

    private static final class Out extends OutputStream {
        private final FdChannel channel;

        Out(FdChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            channel.write(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() {
            channel.close();
        }

        @Override
        public String toString() {
            return "OutputStream on " + channel;
        }
    }
}
