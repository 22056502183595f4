package io.jitney.testing;

import io.jitney.address.ServerAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a private {@code dbus-daemon} for a test class: never the machine's bus.
 *
 * <pre>{@code
 * @RegisterExtension
 * static DBusDaemonExtension bus = new DBusDaemonExtension();
 *
 * @Test void hello() { connect(bus.unixPathAddress()); ... }
 * }</pre>
 * or {@code @ExtendWith(DBusDaemonExtension.class)} on the class and a test parameter of type
 * {@code DBusDaemonExtension}. Registered as a static field (or with {@code @ExtendWith}) one daemon
 * serves the whole class (nested classes included); as an instance field, one per test.
 *
 * <p>The daemon gets a permissive session-like config written into a fresh temp directory: it
 * listens on {@code unix:path=<dir>/bus}, {@code unix:abstract=/jitney/test/<random>} and
 * {@code tcp:host=127.0.0.1,port=0} (plus any {@link Builder#listen extra} addresses); accepts the
 * {@code EXTERNAL} and {@code ANONYMOUS} mechanisms (ANONYMOUS with {@code <allow_anonymous/>}, so
 * that tests can use TCP, where EXTERNAL cannot work); its policy allows everything, including
 * eavesdropping and monitoring. It has no service directory, so nothing is ever activated, unless
 * {@link Builder#activatableService} declares a service. It is started with
 * {@code --fork --print-address --print-pid}, and stopped by pid (SIGTERM, then SIGKILL if it does
 * not exit within 10 s) after the class.
 *
 * <p>A test that needs a daemon of its own, or one configured per test, starts it by hand and
 * closes it:
 * <pre>{@code
 * try (var daemon = DBusDaemonExtension.builder().auth("DBUS_COOKIE_SHA1").tcp(false).start()) {
 *     connect(daemon.unixSocket()); ...
 * }
 * }</pre>
 *
 * <p>If {@code dbus-daemon} is not installed the tests are skipped with a message naming the Debian
 * package {@code dbus-daemon}.
 *
 * <p>What the reference daemon cannot do: file-descriptor passing cannot be switched off for one
 * listener (a {@code max_message_unix_fds} limit of 0 still answers {@code AGREE_UNIX_FD}); use the
 * TCP listener for a connection without fd passing. Its printed address list is not in config
 * order, so use the accessors rather than an index.
 */
public final class DBusDaemonExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver, AutoCloseable {

    private final List<String> auth;
    private final boolean allowAnonymous;
    private final boolean tcp;
    private final List<String> extraListen;
    private final List<String> limits;
    private final String extraConfig;
    private final Map<String, String> services;

    private Running running;
    private int classDepth;
    private boolean perTest;

    /** A daemon with the defaults described in the class comment. */
    public DBusDaemonExtension() {
        this(new Builder());
    }

    private DBusDaemonExtension(Builder b) {
        this.auth = List.copyOf(b.auth);
        this.allowAnonymous = b.allowAnonymous;
        this.tcp = b.tcp;
        this.extraListen = List.copyOf(b.extraListen);
        this.limits = List.copyOf(b.limits);
        this.extraConfig = b.extraConfig;
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(b.services));
    }

    /** Options beyond the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link DBusDaemonExtension}. */
    public static final class Builder {
        private List<String> auth = List.of("EXTERNAL", "ANONYMOUS");
        private boolean allowAnonymous = true;
        private boolean tcp = true;
        private final List<String> extraListen = new ArrayList<>();
        private final List<String> limits = new ArrayList<>();
        private String extraConfig = "";
        private final Map<String, String> services = new LinkedHashMap<>();

        private Builder() {}

        /**
         * The {@code <auth>} mechanisms allowed (default {@code EXTERNAL}, {@code ANONYMOUS}). None
         * means no {@code <auth>} element: every mechanism the daemon has, including
         * {@code DBUS_COOKIE_SHA1} (whose keyring is in {@code ~/.dbus-keyrings}).
         */
        public Builder auth(String... mechanisms) {
            this.auth = List.of(mechanisms);
            return this;
        }

        /** Whether {@code <allow_anonymous/>} is set (default yes). */
        public Builder allowAnonymous(boolean allow) {
            this.allowAnonymous = allow;
            return this;
        }

        /** Whether to listen on {@code tcp:host=127.0.0.1,port=0} (default yes). */
        public Builder tcp(boolean enabled) {
            this.tcp = enabled;
            return this;
        }

        /** Another {@code <listen>} address, such as {@code nonce-tcp:host=127.0.0.1,port=0}. */
        public Builder listen(String address) {
            extraListen.add(Objects.requireNonNull(address));
            return this;
        }

        /** A {@code <limit name="…">value</limit>}, such as {@code max_message_size}. */
        public Builder limit(String name, long value) {
            limits.add("<limit name=\"" + name + "\">" + value + "</limit>");
            return this;
        }

        /** Raw XML appended inside {@code <busconfig>}, for anything else. */
        public Builder extraConfig(String xml) {
            this.extraConfig = extraConfig + xml + "\n";
            return this;
        }

        /**
         * A service the daemon can activate: a file {@code NAME.service} with {@code Name=NAME} and
         * {@code Exec=EXEC} in {@code <dir>/services}, which becomes the daemon's one
         * {@code <servicedir>}. {@code exec} is a command line, split by the daemon's shell-like
         * rules (so {@code /bin/sh -c 'exit 1'} is a program that fails without taking the name,
         * and {@code StartServiceByName} answers {@code org.freedesktop.DBus.Error.Spawn.ChildExited}).
         * The name is then in {@code ListActivatableNames}.
         */
        public Builder activatableService(String name, String exec) {
            Objects.requireNonNull(name);
            Objects.requireNonNull(exec);
            if (!name.matches("[A-Za-z0-9_.-]+") || exec.contains("\n") || exec.contains("\r")) {
                throw new IllegalArgumentException("not a service name and one-line command: " + name + ", " + exec);
            }
            services.put(name, exec);
            return this;
        }

        public DBusDaemonExtension build() {
            return new DBusDaemonExtension(this);
        }

        /**
         * Builds and starts the daemon now, for a test that runs it by hand rather than registering
         * the extension; close it (try-with-resources) to stop it. Skips if dbus-daemon is missing.
         */
        public DBusDaemonExtension start() throws IOException, InterruptedException {
            DBusDaemonExtension daemon = build();
            daemon.start();
            return daemon;
        }
    }

    private record Running(Path dir, Path config, long pid, String address, List<ServerAddress> addresses,
            Thread shutdownHook) {}

    // --- lifecycle --------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        classDepth++;
        if (running == null) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--classDepth == 0) {
            stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (running == null) {
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest && classDepth == 0) {
            perTest = false;
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DBusDaemonExtension.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return this;
    }

    /** Starts the daemon now (the callbacks do this for you); skips if dbus-daemon is missing. */
    public synchronized void start() throws IOException, InterruptedException {
        if (running != null) {
            return;
        }
        Optional<Path> daemon = Peers.onPath("dbus-daemon");
        Assumptions.assumeTrue(daemon.isPresent(),
                "dbus-daemon not found on PATH: install the Debian package dbus-daemon (apt install dbus-daemon)");
        Path dir = tempDir();
        Path config = dir.resolve("bus.conf");
        Path out = dir.resolve("daemon.out");
        Path log = dir.resolve("daemon.log");
        for (Map.Entry<String, String> s : services.entrySet()) {
            Path serviceDir = Files.createDirectories(dir.resolve("services"));
            Files.writeString(serviceDir.resolve(s.getKey() + ".service"),
                    "[D-BUS Service]\nName=" + s.getKey() + "\nExec=" + s.getValue() + "\n", StandardCharsets.UTF_8);
        }
        Files.writeString(config, config(dir), StandardCharsets.UTF_8);
        Process launcher = new ProcessBuilder(daemon.get().toString(), "--config-file=" + config,
                "--print-address=1", "--print-pid=1", "--fork", "--nosyslog")
                .redirectOutput(out.toFile()).redirectError(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile())).start();
        if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
            throw new IOException("dbus-daemon did not fork within 30 s; log: " + read(log));
        }
        if (launcher.exitValue() != 0) {
            throw new IOException("dbus-daemon exited with " + launcher.exitValue() + "; config " + config
                    + "; log: " + read(log));
        }
        List<String> lines = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
            if (lines.size() >= 2) {
                break;
            }
            Thread.sleep(20);
        }
        if (lines.size() < 2) {
            throw new IOException("dbus-daemon printed no address and pid (got " + lines + "); log: " + read(log));
        }
        String address = lines.get(0).strip();
        long pid = Long.parseLong(lines.get(1).strip());
        Thread hook = new Thread(() -> kill(pid), "dbus-daemon-" + pid + "-killer");
        Runtime.getRuntime().addShutdownHook(hook);
        running = new Running(dir, config, pid, address, ServerAddress.parseList(address), hook);
    }

    /** Stops the daemon and removes its directory (the callbacks do this for you); idempotent. */
    public synchronized void stop() {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        kill(r.pid());
        try {
            Runtime.getRuntime().removeShutdownHook(r.shutdownHook());
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; nothing to undo
        }
        deleteTree(r.dir());
    }

    /** {@link #stop()}: for a daemon started by hand, in try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    /**
     * SIGTERM, then SIGKILL if it is still running after 10 s; then waits (at most 10 s more) until
     * it has left the process table, which for a forked daemon (not our child) is when init reaps it.
     * Not a process that we know is something else (its pid reused). The waits poll {@code /proc}
     * rather than use {@code onExit()}, which for a process that is not our child polls slowly.
     */
    private static void kill(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid)
                .filter(h -> h.info().command().map(c -> c.endsWith("dbus-daemon")).orElse(true));
        if (handle.isEmpty()) {
            return;
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        handle.get().destroy();
        try {
            awaitNot(() -> isRunning(proc), TimeUnit.SECONDS.toNanos(10));
            if (isRunning(proc)) {
                handle.get().destroyForcibly();
            }
            awaitNot(() -> Files.exists(proc), TimeUnit.SECONDS.toNanos(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitNot(BooleanSupplier condition, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Whether the process exists and is not a zombie (dead, waiting to be reaped). */
    private static boolean isRunning(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false; // gone
        }
    }

    private static Path tempDir() throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        // A socket path must fit in sun_path (107 bytes); fall back to /tmp for a long tmpdir.
        if (base.toAbsolutePath().toString().length() > 60) {
            base = Path.of("/tmp");
        }
        return Files.createTempDirectory(base, "jitney-dbus-");
    }

    private String config(Path dir) {
        var sb = new StringBuilder();
        sb.append("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n")
                .append(" \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n")
                .append("<busconfig>\n")
                .append("  <type>session</type>\n")
                .append("  <listen>").append(xml(ServerAddress.of("unix", "path", dir.resolve("bus").toString())
                        .format())).append("</listen>\n")
                .append("  <listen>").append(xml(ServerAddress.of("unix", "abstract",
                        "/jitney/test/" + UUID.randomUUID()).format())).append("</listen>\n");
        if (tcp) {
            sb.append("  <listen>tcp:host=127.0.0.1,port=0</listen>\n");
        }
        for (String l : extraListen) {
            sb.append("  <listen>").append(xml(l)).append("</listen>\n");
        }
        for (String a : auth) {
            sb.append("  <auth>").append(xml(a)).append("</auth>\n");
        }
        if (allowAnonymous) {
            sb.append("  <allow_anonymous/>\n");
        }
        if (!services.isEmpty()) {
            sb.append("  <servicedir>").append(xml(dir.resolve("services").toString())).append("</servicedir>\n");
        }
        sb.append("""
                  <policy context="default">
                    <allow user="*"/>
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow receive_sender="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                """);
        // As a real session bus does: its compiled-in defaults (e.g. 128 pending replies per
        // connection) are meant for the system bus. Builder limits come later and win.
        sb.append("""
                  <limit name="max_replies_per_connection">50000</limit>
                  <limit name="max_match_rules_per_connection">50000</limit>
                  <limit name="max_names_per_connection">50000</limit>
                """);
        for (String l : limits) {
            sb.append("  ").append(l).append('\n');
        }
        sb.append(extraConfig);
        sb.append("</busconfig>\n");
        return sb.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p).strip() : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }

    // --- accessors --------------------------------------------------------------------------------

    private Running running() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("the private dbus-daemon is not running (register the extension "
                    + "with @RegisterExtension or @ExtendWith)");
        }
        return r;
    }

    /** The full {@code ;}-separated address list the daemon printed, with its guids. */
    public String address() {
        return running().address();
    }

    /** The printed addresses, parsed. */
    public List<ServerAddress> addresses() {
        return running().addresses();
    }

    /** The first printed address of {@code transport} that has {@code key}, if any. */
    public Optional<ServerAddress> find(String transport, String key) {
        return addresses().stream()
                .filter(a -> a.transport().equals(transport) && a.parameters().containsKey(key))
                .findFirst();
    }

    private String require(String transport, String key) {
        return find(transport, key).map(ServerAddress::format).orElseThrow(() -> new IllegalStateException(
                "the daemon has no " + transport + ":" + key + "= listener; it printed " + address()));
    }

    /** {@code unix:path=<dir>/bus,guid=…}. */
    public String unixPathAddress() {
        return require("unix", "path");
    }

    /** The socket file of the {@code unix:path=} listener, {@code <dir>/bus}. */
    public Path unixSocket() {
        return Path.of(ServerAddress.parse(unixPathAddress()).get("path").orElseThrow());
    }

    /** {@code unix:abstract=/jitney/test/<random>,guid=…}. */
    public String abstractAddress() {
        return require("unix", "abstract");
    }

    /** {@code tcp:host=127.0.0.1,port=<chosen>,family=ipv4,guid=…}. */
    public String tcpAddress() {
        return require("tcp", "port");
    }

    /** The {@code nonce-tcp:} address, if {@link Builder#listen} added one. */
    public String nonceTcpAddress() {
        return require("nonce-tcp", "noncefile");
    }

    /** The daemon's process id. */
    public long pid() {
        return running().pid();
    }

    /** The temp directory holding the config, the socket and the daemon's log; removed on stop. */
    public Path directory() {
        return running().dir();
    }

    /** The config file written for the daemon. */
    public Path configFile() {
        return running().config();
    }

    @Override
    public String toString() {
        Running r = running;
        return r == null ? "DBusDaemonExtension[not running]"
                : "DBusDaemonExtension[pid " + r.pid() + ", " + r.address() + "]";
    }
}
