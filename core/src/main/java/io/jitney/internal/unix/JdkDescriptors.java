package io.jitney.internal.unix;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;

/**
 * Reads the descriptor number out of the JDK objects that hold one, so that they can be sent as
 * {@code h} values. The JDK has no public accessor for it, so this needs the JVM to open the
 * package that holds it to Jitney:
 * <ul>
 *   <li>{@link FileDescriptor}, {@link FileInputStream}, {@link FileOutputStream},
 *       {@link RandomAccessFile}: {@code --add-opens java.base/java.io=M};</li>
 *   <li>{@link FileChannel} and the socket and pipe channels ({@code SocketChannel},
 *       {@code ServerSocketChannel}, {@code DatagramChannel}, {@code Pipe.SourceChannel},
 *       {@code Pipe.SinkChannel}): {@code --add-opens java.base/sun.nio.ch=M};</li>
 * </ul>
 * where {@code M} is {@code ALL-UNNAMED} when Jitney is on the class path and
 * {@code io.jitney.core} on the module path. Without the flag the methods here fail with an
 * {@link IllegalArgumentException} that names it. Only reads: ownership stays with the object.
 */
public final class JdkDescriptors {
    private JdkDescriptors() {}

    /**
     * Whether {@code value} is of a type that may hold a descriptor: one of the JDK types above,
     * or any other {@link Channel} (which {@link #descriptorOf} then reports as unreachable).
     */
    public static boolean isHolder(Object value) {
        return value instanceof FileDescriptor || value instanceof FileInputStream
                || value instanceof FileOutputStream || value instanceof RandomAccessFile
                || value instanceof Channel;
    }

    /**
     * The descriptor number inside {@code holder}, which keeps owning it.
     *
     * @throws IllegalArgumentException if the object is closed, not a holder, or the JVM does
     *     not open the package the number lives in (the message names the flag)
     */
    public static int descriptorOf(Object holder) {
        try {
            return switch (holder) {
                case FileDescriptor d -> fromFileDescriptor(d, "java.io.FileDescriptor");
                case FileInputStream s -> fromFileDescriptor(s.getFD(), "java.io.FileInputStream");
                case FileOutputStream s -> fromFileDescriptor(s.getFD(), "java.io.FileOutputStream");
                case RandomAccessFile f -> fromFileDescriptor(f.getFD(), "java.io.RandomAccessFile");
                case Channel c -> fromChannel(c);
                default -> throw new IllegalArgumentException(holder.getClass().getName() + " holds no descriptor Jitney can send");
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot get the descriptor of " + holder + ": " + e.getMessage(), e);
        }
    }

    private static int fromFileDescriptor(FileDescriptor d, String what) {
        if (!d.valid()) {
            throw new IllegalArgumentException("the " + what + " is closed (its FileDescriptor is not valid)");
        }
        int fd = Access.fdField(d);
        if (fd == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("cannot read the descriptor number inside a " + what
                    + ": the JDK keeps it private; start the JVM with " + flag("java.io")
                    + ", or send a UnixFd or an int");
        }
        if (fd < 0) {
            throw new IllegalArgumentException("the " + what + " is closed");
        }
        return fd;
    }

    private static int fromChannel(Channel c) {
        String what = c.getClass().getName();
        if (!c.isOpen()) {
            throw new IllegalArgumentException("the " + what + " is closed");
        }
        int fd = Access.channelFd(c);
        if (fd == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("cannot read the descriptor number inside a " + what
                    + ": the JDK keeps it private; start the JVM with " + flag("sun.nio.ch")
                    + ", or send a UnixFd or an int");
        }
        if (fd == Integer.MIN_VALUE + 1) {
            throw new IllegalArgumentException(what + " holds no operating-system descriptor Jitney can reach "
                    + "(only the JDK's own file, socket and pipe channels do)");
        }
        if (fd < 0) {
            throw new IllegalArgumentException("the " + what + " is closed");
        }
        return fd;
    }

    /** The exact JVM option that opens {@code pkg} of java.base to Jitney's module. */
    public static String flag(String pkg) {
        Module self = JdkDescriptors.class.getModule();
        return "--add-opens java.base/" + pkg + "=" + (self.isNamed() ? self.getName() : "ALL-UNNAMED");
    }

    /** Reflective access, set up once; {@code MIN_VALUE} when the package is not opened to us. */
    private static final class Access {
        private static final Module SELF = JdkDescriptors.class.getModule();
        private static final Module BASE = Object.class.getModule();
        private static final MethodHandle FD_FIELD = fdField();
        private static final Class<?> SEL_CH_IMPL = type("sun.nio.ch.SelChImpl");
        private static final Class<?> FILE_CHANNEL_IMPL = type("sun.nio.ch.FileChannelImpl");
        private static final MethodHandle GET_FD_VAL = selChImplFdVal();
        private static final MethodHandle FILE_CHANNEL_FD = fileChannelFd();
        private static final MethodHandle IOUTIL_FD_VAL = ioUtilFdVal();

        private static Class<?> type(String name) {
            try {
                return Class.forName(name, false, null);
            } catch (ClassNotFoundException e) {
                return null;
            }
        }

        private static MethodHandle fdField() {
            if (!BASE.isOpen("java.io", SELF)) {
                return null;
            }
            try {
                return MethodHandles.privateLookupIn(FileDescriptor.class, MethodHandles.lookup())
                        .findGetter(FileDescriptor.class, "fd", int.class);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        private static MethodHandle selChImplFdVal() {
            if (SEL_CH_IMPL == null || !BASE.isExported("sun.nio.ch", SELF)) {
                return null;
            }
            try {
                return MethodHandles.lookup().findVirtual(SEL_CH_IMPL, "getFDVal", MethodType.methodType(int.class));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        private static MethodHandle fileChannelFd() {
            if (FILE_CHANNEL_IMPL == null || !BASE.isOpen("sun.nio.ch", SELF)) {
                return null;
            }
            try {
                return MethodHandles.privateLookupIn(FILE_CHANNEL_IMPL, MethodHandles.lookup())
                        .findGetter(FILE_CHANNEL_IMPL, "fd", FileDescriptor.class);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        /** {@code sun.nio.ch.IOUtil.fdVal(FileDescriptor)}, public in an unexported package. */
        private static MethodHandle ioUtilFdVal() {
            Class<?> ioUtil = type("sun.nio.ch.IOUtil");
            if (ioUtil == null || !BASE.isExported("sun.nio.ch", SELF)) {
                return null;
            }
            try {
                return MethodHandles.lookup().findStatic(ioUtil, "fdVal",
                        MethodType.methodType(int.class, FileDescriptor.class));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        static boolean isSelectableChannelImpl(Object o) {
            return SEL_CH_IMPL != null && SEL_CH_IMPL.isInstance(o);
        }

        /** The number, or {@code MIN_VALUE} if neither java.io nor sun.nio.ch is open to us. */
        static int fdField(FileDescriptor d) {
            try {
                if (FD_FIELD != null) {
                    return (int) FD_FIELD.invokeExact(d);
                }
                if (IOUTIL_FD_VAL != null) {
                    return (int) IOUTIL_FD_VAL.invokeExact(d);
                }
                return Integer.MIN_VALUE;
            } catch (Throwable t) {
                throw new IllegalStateException("reading a FileDescriptor failed", t);
            }
        }

        /**
         * The number; {@code MIN_VALUE} if sun.nio.ch is not open to us, {@code MIN_VALUE + 1}
         * for a channel class that has no descriptor.
         */
        static int channelFd(Channel c) {
            try {
                if (isSelectableChannelImpl(c)) {
                    return GET_FD_VAL == null ? Integer.MIN_VALUE : (int) GET_FD_VAL.invoke(c);
                }
                if (FILE_CHANNEL_IMPL != null && FILE_CHANNEL_IMPL.isInstance(c)) {
                    if (FILE_CHANNEL_FD == null) {
                        return Integer.MIN_VALUE;
                    }
                    var d = (FileDescriptor) FILE_CHANNEL_FD.invoke(c);
                    int fd = fdField(d);
                    return fd == Integer.MIN_VALUE ? Integer.MIN_VALUE : fd;
                }
                return Integer.MIN_VALUE + 1;
            } catch (Throwable t) {
                throw new IllegalStateException("reading the descriptor of " + c + " failed", t);
            }
        }
    }
}
