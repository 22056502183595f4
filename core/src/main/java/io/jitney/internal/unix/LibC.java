package io.jitney.internal.unix;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * FFM bindings to the few libc calls that {@code java.nio} lacks: Unix sockets with abstract names,
 * {@code SCM_RIGHTS}, peer credentials, {@code poll}, {@code posix_spawnp} for
 * {@code unixexec:}, and plain descriptor I/O ({@code read}, {@code write}, {@code lseek},
 * {@code ftruncate}, {@code fcntl}) for received file descriptors.
 *
 * <p>Linux on a 64-bit glibc only (the struct layouts and constants below are Linux's); see
 * {@link #checkSupported()}. Calls that set {@code errno} take a capture segment first
 * ({@link #allocateErrno(Arena)}), read back with {@link #errno(MemorySegment)}. The wrappers do not
 * interpret results: callers check for {@code -1} and build an {@link ErrnoException}.
 *
 * <p>Thread-safe: the method handles are stateless; each caller brings its own memory.
 *
 * <p>This is the one class that uses restricted FFM methods (linking, {@code reinterpret}); the
 * module needs {@code --enable-native-access} (the jar's manifest says so).
 */
@SuppressWarnings("restricted")
public final class LibC {
    private LibC() {}

    // --- Constants (Linux, all architectures with the generic socket ABI) -------------------------
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_PEERCRED = 17;
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    public static final int SHUT_RDWR = 2;
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final int F_GETFD = 1;
    public static final int F_GETFL = 3;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int O_ACCMODE = 3;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_APPEND = 0x400;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_TRUNC = 0x200;
    public static final int O_NOFOLLOW = 0x20000;
    public static final int O_DSYNC = 0x1000;
    public static final int O_SYNC = 0x101000;
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int FD_CLOEXEC = 1;
    public static final int O_CLOEXEC = 0x80000;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int WNOHANG = 1;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EINPROGRESS = 115;
    public static final int ECHILD = 10;
    public static final int EBADF = 9;
    public static final int ESPIPE = 29;
    public static final int EINVAL = 22;
    public static final int ENOENT = 2;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int ELOOP = 40;

    // --- Layouts ----------------------------------------------------------------------------------
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;
    private static final AddressLayout PTR = ValueLayout.ADDRESS;

    /** {@code struct msghdr}. */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            PTR.withName("msg_name"),
            INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            PTR.withName("msg_iov"),
            SIZE_T.withName("msg_iovlen"),
            PTR.withName("msg_control"),
            SIZE_T.withName("msg_controllen"),
            INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    public static final long MSG_NAME = offset(MSGHDR, "msg_name");
    public static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
    public static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    public static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
    public static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
    public static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    public static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");

    /** {@code struct iovec}. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            PTR.withName("iov_base"), SIZE_T.withName("iov_len"));
    public static final long IOV_BASE = offset(IOVEC, "iov_base");
    public static final long IOV_LEN = offset(IOVEC, "iov_len");

    /** {@code struct cmsghdr} without its data; data starts at {@link #CMSG_DATA}. */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            SIZE_T.withName("cmsg_len"), INT.withName("cmsg_level"), INT.withName("cmsg_type"));
    public static final long CMSG_LEN_OFFSET = offset(CMSGHDR, "cmsg_len");
    public static final long CMSG_LEVEL = offset(CMSGHDR, "cmsg_level");
    public static final long CMSG_TYPE = offset(CMSGHDR, "cmsg_type");
    /** {@code CMSG_DATA} offset: the header rounded up to {@code size_t} alignment. */
    public static final long CMSG_DATA = cmsgAlign(CMSGHDR.byteSize());

    /** {@code struct pollfd}. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            INT.withName("fd"), ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));
    public static final long POLL_FD = offset(POLLFD, "fd");
    public static final long POLL_EVENTS = offset(POLLFD, "events");
    public static final long POLL_REVENTS = offset(POLLFD, "revents");

    /** {@code struct ucred}. */
    public static final StructLayout UCRED = MemoryLayout.structLayout(
            INT.withName("pid"), INT.withName("uid"), INT.withName("gid"));

    /** {@code struct sockaddr_un}: {@code sa_family_t sun_family; char sun_path[108]}. */
    public static final long SUN_PATH_OFFSET = 2;
    public static final long SUN_PATH_SIZE = 108;
    public static final long SOCKADDR_UN_SIZE = SUN_PATH_OFFSET + SUN_PATH_SIZE;

    /** {@code CMSG_ALIGN}: round up to {@code sizeof(size_t)}. */
    public static long cmsgAlign(long n) {
        return (n + SIZE_T.byteSize() - 1) & -SIZE_T.byteSize();
    }

    /** {@code CMSG_SPACE(n)}. */
    public static long cmsgSpace(long n) {
        return CMSG_DATA + cmsgAlign(n);
    }

    /** {@code CMSG_LEN(n)}. */
    public static long cmsgLen(long n) {
        return CMSG_DATA + n;
    }

    private static long offset(StructLayout s, String field) {
        return s.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    // --- errno ------------------------------------------------------------------------------------
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO = offset(CAPTURE, "errno");

    /** A segment to capture {@code errno} into; one per thread of use. */
    public static MemorySegment allocateErrno(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    /** The {@code errno} captured by the last call made with {@code capture}. */
    public static int errno(MemorySegment capture) {
        return capture.get(INT, ERRNO);
    }

    // --- Platform ---------------------------------------------------------------------------------
    private static final String UNSUPPORTED = unsupportedReason();

    private static String unsupportedReason() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return "Unix sockets through FFM are implemented for Linux only (this is " + os + ")";
        }
        if (PTR.byteSize() != 8) {
            return "Unix sockets through FFM need a 64-bit JVM";
        }
        return null;
    }

    /** Whether this platform is one whose layouts this class knows. */
    public static boolean isSupported() {
        return UNSUPPORTED == null;
    }

    /** @throws UnsupportedOperationException naming why this platform is not supported */
    public static void checkSupported() {
        if (UNSUPPORTED != null) {
            throw new UnsupportedOperationException(UNSUPPORTED);
        }
    }

    // --- Downcalls --------------------------------------------------------------------------------
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd) {
        return LOOKUP.find(name).map(a -> LINKER.downcallHandle(a, fd, ERRNO_OPT)).orElse(null);
    }

    private static MethodHandle heapCall(String name, FunctionDescriptor fd) {
        return LOOKUP.find(name).map(a -> LINKER.downcallHandle(a, fd, ERRNO_OPT, Linker.Option.critical(true)))
                .orElse(null);
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LOOKUP.find(name).map(a -> LINKER.downcallHandle(a, fd, options)).orElse(null);
    }

    private static final MethodHandle SOCKET = errnoCall("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle SOCKETPAIR =
            errnoCall("socketpair", FunctionDescriptor.of(INT, INT, INT, INT, PTR));
    private static final MethodHandle CONNECT = errnoCall("connect", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle BIND = errnoCall("bind", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle LISTEN = errnoCall("listen", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle ACCEPT4 =
            errnoCall("accept4", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
    private static final MethodHandle SENDMSG =
            errnoCall("sendmsg", FunctionDescriptor.of(SIZE_T, INT, PTR, INT));
    private static final MethodHandle RECVMSG =
            errnoCall("recvmsg", FunctionDescriptor.of(SIZE_T, INT, PTR, INT));
    /**
     * {@code send}/{@code recv} as critical calls that may take a heap segment (a Java array)
     * directly: no copy through native memory. Critical calls hold off the GC while they run, so
     * they are only ever made with {@code MSG_DONTWAIT}: they never block.
     */
    private static final MethodHandle SEND_HEAP = heapCall("send", FunctionDescriptor.of(SIZE_T, INT, PTR, SIZE_T, INT));
    private static final MethodHandle RECV_HEAP = heapCall("recv", FunctionDescriptor.of(SIZE_T, INT, PTR, SIZE_T, INT));
    private static final MethodHandle POLL = errnoCall("poll", FunctionDescriptor.of(INT, PTR, SIZE_T, INT));
    private static final MethodHandle SHUTDOWN = errnoCall("shutdown", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle GETSOCKOPT =
            errnoCall("getsockopt", FunctionDescriptor.of(INT, INT, INT, INT, PTR, PTR));
    private static final MethodHandle SETSOCKOPT =
            errnoCall("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, PTR, INT));
    private static final MethodHandle FCNTL = LOOKUP.find("fcntl").map(a -> LINKER.downcallHandle(a,
            FunctionDescriptor.of(INT, INT, INT, INT), ERRNO_OPT, Linker.Option.firstVariadicArg(2)))
            .orElse(null);
    private static final MethodHandle OPEN = LOOKUP.find("open").map(a -> LINKER.downcallHandle(a,
            FunctionDescriptor.of(INT, PTR, INT, INT), ERRNO_OPT, Linker.Option.firstVariadicArg(2)))
            .orElse(null);
    private static final MethodHandle PIPE2 = errnoCall("pipe2", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle READ = errnoCall("read", FunctionDescriptor.of(SIZE_T, INT, PTR, SIZE_T));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(SIZE_T, INT, PTR, SIZE_T));
    private static final MethodHandle LSEEK = errnoCall("lseek", FunctionDescriptor.of(SIZE_T, INT, SIZE_T, INT));
    private static final MethodHandle FTRUNCATE = errnoCall("ftruncate", FunctionDescriptor.of(INT, INT, SIZE_T));
    private static final MethodHandle KILL = errnoCall("kill", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle WAITPID = errnoCall("waitpid", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle GETUID = plainCall("getuid", FunctionDescriptor.of(INT));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(PTR, INT));
    private static final MethodHandle SPAWNP = plainCall("posix_spawnp",
            FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR));
    private static final MethodHandle FA_INIT =
            plainCall("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle FA_DESTROY =
            plainCall("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle FA_ADDDUP2 =
            plainCall("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle FA_ADDCLOSEFROM =
            plainCall("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle ATTR_INIT = plainCall("posix_spawnattr_init", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_DESTROY =
            plainCall("posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_SETFLAGS = plainCall("posix_spawnattr_setflags",
            FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK =
            plainCall("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle SIGEMPTYSET = plainCall("sigemptyset", FunctionDescriptor.of(INT, PTR));
    private static final MemorySegment ENVIRON = LOOKUP.find("environ").orElse(MemorySegment.NULL);

    /** Generous sizes for glibc's opaque spawn structs (80, 336 and 128 bytes on x86-64). */
    public static final long SPAWN_FILE_ACTIONS_SIZE = 256;
    public static final long SPAWNATTR_SIZE = 1024;
    public static final long SIGSET_SIZE = 256;

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected exception from a downcall", t);
    }

    public static int socket(MemorySegment errno, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(errno, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int socketpair(MemorySegment errno, int domain, int type, int protocol, MemorySegment sv) {
        try {
            return (int) SOCKETPAIR.invokeExact(errno, domain, type, protocol, sv);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int connect(MemorySegment errno, int fd, MemorySegment addr, int len) {
        try {
            return (int) CONNECT.invokeExact(errno, fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int bind(MemorySegment errno, int fd, MemorySegment addr, int len) {
        try {
            return (int) BIND.invokeExact(errno, fd, addr, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int listen(MemorySegment errno, int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(errno, fd, backlog);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int accept4(MemorySegment errno, int fd, MemorySegment addr, MemorySegment len, int flags) {
        try {
            return (int) ACCEPT4.invokeExact(errno, fd, addr, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sendmsg(MemorySegment errno, int fd, MemorySegment msg, int flags) {
        try {
            return (long) SENDMSG.invokeExact(errno, fd, msg, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code send(fd, data, len, flags | MSG_DONTWAIT)}; {@code data} may be a heap segment.
     * Never blocks ({@code EAGAIN} instead).
     */
    public static long sendHeap(MemorySegment errno, int fd, MemorySegment data, long len, int flags) {
        try {
            return (long) SEND_HEAP.invokeExact(errno, fd, data, len, flags | MSG_DONTWAIT);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code recv(fd, data, len, flags | MSG_DONTWAIT)}; {@code data} may be a heap segment.
     * Never blocks ({@code EAGAIN} instead). Receives no descriptors: only for sockets whose peer
     * sends none.
     */
    public static long recvHeap(MemorySegment errno, int fd, MemorySegment data, long len, int flags) {
        try {
            return (long) RECV_HEAP.invokeExact(errno, fd, data, len, flags | MSG_DONTWAIT);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long recvmsg(MemorySegment errno, int fd, MemorySegment msg, int flags) {
        try {
            return (long) RECVMSG.invokeExact(errno, fd, msg, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int poll(MemorySegment errno, MemorySegment fds, long nfds, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(errno, fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int shutdown(MemorySegment errno, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(errno, fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(MemorySegment errno, int fd) {
        try {
            return (int) CLOSE.invokeExact(errno, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Closes a descriptor that this process owns, ignoring errors (there is nothing useful to do
     * about a failed close: the descriptor is released either way on Linux).
     *
     * @return true if {@code close(2)} succeeded
     */
    public static boolean closeQuietly(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            return close(allocateErrno(arena), fd) == 0;
        }
    }

    public static int setsockopt(MemorySegment errno, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(errno, fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getsockopt(MemorySegment errno, int fd, int level, int name, MemorySegment value,
            MemorySegment len) {
        try {
            return (int) GETSOCKOPT.invokeExact(errno, fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code fcntl(fd, cmd, arg)} with an {@code int} argument. */
    public static int fcntl(MemorySegment errno, int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(errno, fd, cmd, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code open(path, flags, mode)}; {@code path} is a NUL-terminated string. */
    public static int open(MemorySegment errno, MemorySegment path, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(errno, path, flags, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int pipe2(MemorySegment errno, MemorySegment fds, int flags) {
        try {
            return (int) PIPE2.invokeExact(errno, fds, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long read(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) READ.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long write(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) WRITE.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code lseek(fd, offset, whence)}: the new offset, or -1. */
    public static long lseek(MemorySegment errno, int fd, long offset, int whence) {
        try {
            return (long) LSEEK.invokeExact(errno, fd, offset, whence);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ftruncate(MemorySegment errno, int fd, long length) {
        try {
            return (int) FTRUNCATE.invokeExact(errno, fd, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int kill(MemorySegment errno, int pid, int signal) {
        try {
            return (int) KILL.invokeExact(errno, pid, signal);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int waitpid(MemorySegment errno, int pid, MemorySegment status, int options) {
        try {
            return (int) WAITPID.invokeExact(errno, pid, status, options);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The real user id of this process. */
    public static int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** libc's text for an error number (in the C locale unless the process changed it). */
    public static String strerror(int errno) {
        try {
            var p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.equals(MemorySegment.NULL) ? "error " + errno : p.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code posix_spawnp}; returns 0 or an error number (it does not use errno). */
    public static int posixSpawnp(MemorySegment pid, MemorySegment file, MemorySegment fileActions,
            MemorySegment attr, MemorySegment argv, MemorySegment envp) {
        try {
            return (int) SPAWNP.invokeExact(pid, file, fileActions, attr, argv, envp);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int posixSpawnFileActionsInit(MemorySegment fa) {
        return callPtr(FA_INIT, fa);
    }

    public static int posixSpawnFileActionsDestroy(MemorySegment fa) {
        return callPtr(FA_DESTROY, fa);
    }

    public static int posixSpawnFileActionsAdddup2(MemorySegment fa, int fd, int newFd) {
        try {
            return (int) FA_ADDDUP2.invokeExact(fa, fd, newFd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code posix_spawn_file_actions_addclosefrom_np} (glibc 2.34+): the child closes every fd from
     * {@code from} up. Returns {@code -1} where libc lacks it.
     */
    public static int posixSpawnFileActionsAddclosefrom(MemorySegment fa, int from) {
        if (FA_ADDCLOSEFROM == null) {
            return -1;
        }
        try {
            return (int) FA_ADDCLOSEFROM.invokeExact(fa, from);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int posixSpawnattrInit(MemorySegment attr) {
        return callPtr(ATTR_INIT, attr);
    }

    public static int posixSpawnattrDestroy(MemorySegment attr) {
        return callPtr(ATTR_DESTROY, attr);
    }

    public static int posixSpawnattrSetflags(MemorySegment attr, short flags) {
        try {
            return (int) ATTR_SETFLAGS.invokeExact(attr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int posixSpawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) ATTR_SETSIGMASK.invokeExact(attr, sigset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int sigemptyset(MemorySegment sigset) {
        return callPtr(SIGEMPTYSET, sigset);
    }

    /** The process's {@code environ} array, for {@code posix_spawnp}. */
    public static MemorySegment environ() {
        if (ENVIRON.equals(MemorySegment.NULL)) {
            return MemorySegment.NULL;
        }
        return ENVIRON.reinterpret(PTR.byteSize()).get(PTR, 0);
    }

    private static int callPtr(MethodHandle mh, MemorySegment p) {
        try {
            return (int) mh.invokeExact(p);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
