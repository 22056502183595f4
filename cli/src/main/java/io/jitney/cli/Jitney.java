package io.jitney.cli;

import io.jitney.DBusException;
import io.jitney.address.Bus;
import io.jitney.auth.FdNegotiationException;
import io.jitney.io.ConnectionOptions;
import io.jitney.io.blocking.BlockingConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code jitney} command, modelled on {@code busctl}: the options that choose the bus and the
 * output format, and one subcommand per verb. Every failure is one line on stderr and exit code 1,
 * as with busctl; {@code --verbose} adds the stack trace.
 *
 * <p>Tests run it in-process through {@link #execute(String[], PrintWriter, PrintWriter,
 * UnaryOperator)}, which takes the streams and the environment instead of the process's own.
 */
@Command(name = "jitney", mixinStandardHelpOptions = true, versionProvider = Jitney.Version.class,
        description = "Talk to a D-Bus message bus: list names, call methods, read and set properties, "
                + "emit and wait for signals, monitor traffic. Arguments and output as busctl(1) has them.",
        subcommands = {ListCommand.class, CallCommand.class, IntrospectCommand.class, GetPropertyCommand.class,
            SetPropertyCommand.class, EmitCommand.class, MonitorCommand.class, WaitCommand.class, BindgenCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Values are given as busctl reads them: 's hello', 'as 2 a b', 'a{sv} 1 key s val', '(is) 5 x', "
                + "'v s hello'. Put '--' before arguments that start with '-', such as negative numbers."})
public final class Jitney {
    /** Where the command prints, and the environment it reads (for the session bus address). */
    record Io(PrintWriter out, PrintWriter err, UnaryOperator<String> env) {}

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(25);
    private static final Pattern TIMEOUT = Pattern.compile("\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(us|usec|ms|msec|s|sec|"
            + "m|min|h|hr|)\\s*");

    final Io io;

    private enum Target { SESSION, SYSTEM, ADDRESS }

    private Target target = Target.SESSION;
    private String address;

    @Option(names = {"--session", "--user"}, scope = ScopeType.INHERIT,
            description = "Connect to the session bus (the default).")
    void session(boolean on) {
        target = Target.SESSION;
    }

    @Option(names = "--system", scope = ScopeType.INHERIT, description = "Connect to the system bus.")
    void system(boolean on) {
        target = Target.SYSTEM;
    }

    @Option(names = "--address", paramLabel = "ADDRESS", scope = ScopeType.INHERIT,
            description = "Connect to the bus at this D-Bus address, e.g. unix:path=/run/user/1000/bus.")
    void address(String value) {
        target = Target.ADDRESS;
        address = value;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private String json;

    @Option(names = "--json", paramLabel = "MODE", scope = ScopeType.INHERIT,
            description = "Print JSON: 'short' (one line) or 'pretty' (indented), as busctl does.")
    void json(String mode) {
        if (!mode.equals("short") && !mode.equals("pretty") && !mode.equals("off")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Unknown argument to --json= switch: " + mode);
        }
        json = mode.equals("off") ? null : mode;
    }

    @Option(names = "-j", scope = ScopeType.INHERIT,
            description = "Same as --json=pretty on a terminal, --json=short otherwise.")
    void jsonAuto(boolean on) {
        json = System.console() != null && System.console().isTerminal() ? "pretty" : "short";
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print values in the long format (call, get-property, wait), and stack traces on errors.")
    boolean verbose;

    private String timeout;

    @Option(names = "--timeout", paramLabel = "SECS", scope = ScopeType.INHERIT,
            description = "How long to wait for a reply (default 25 s; 'wait' waits forever without it). "
                    + "A number of seconds, or with a unit: 500ms, 2min.")
    void timeout(String value) {
        timeout = value;
    }

    @Option(names = "--no-legend", scope = ScopeType.INHERIT,
            description = "Do not print the table header (list, introspect).")
    boolean noLegend;

    @Option(names = "--no-pager", scope = ScopeType.INHERIT, description = "Accepted for busctl compatibility; "
            + "jitney never pages.")
    boolean noPager;

    Jitney(Io io) {
        this.io = io;
    }

    /** Runs the command with the process's streams and environment, and exits with its code. */
    public static void main(String[] args) {
        var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(args, out, err, System::getenv);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command and returns its exit code: 0 on success, 1 on any failure (one line on
     * {@code err}).
     *
     * @param env the environment, variable name to value or {@code null}
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, UnaryOperator<String> env) {
        var root = new Jitney(new Io(out, err, env));
        var cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExpandAtFiles(false);
        cl.setParameterExceptionHandler(Jitney::badArguments);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> root.failed(e));
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        var err = e.getCommandLine().getErr();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && e.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            message = "Unknown command verb " + u.getUnmatched().getFirst() + ".";
        } else if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && u.getUnmatched().getFirst().matches("-[0-9.].*")) {
            message += " (put '--' before arguments that start with '-', such as negative numbers)";
        }
        err.println(message);
        return BusctlErrors.EXIT_FAILURE;
    }

    /** Prints one line for a failure (and the stack trace with --verbose); returns the exit code. */
    int failed(Exception e) {
        String line = switch (e) {
            case CliException cli -> cli.getMessage();
            case BusctlArgs.ArgumentException bad -> bad.getMessage();
            case DBusException dbus -> BusctlErrors.describe(dbus);
            case IllegalArgumentException bad -> bad.getMessage();
            default -> e.toString();
        };
        io.err.println(oneLine(line));
        if (verbose) {
            var trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            io.err.print(trace);
        }
        return BusctlErrors.EXIT_FAILURE;
    }

    /** Multi-line exception messages (a list of addresses tried) folded into one line. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        if (message.indexOf('\n') < 0) {
            return message;
        }
        return message.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> a + " " + b).orElse("");
    }

    // --- what the subcommands use -----------------------------------------------------------

    boolean jsonOutput() {
        return json != null;
    }

    boolean prettyJson() {
        return "pretty".equals(json);
    }

    /** The call timeout: {@code --timeout}, or 25 s when it is absent or 0 (as busctl). */
    Duration callTimeout() {
        Duration t = explicitTimeout();
        return t == null || t.isZero() ? DEFAULT_TIMEOUT : t;
    }

    /** {@code --timeout} if it was given (0 means none), else {@code null}. */
    Duration explicitTimeout() {
        if (timeout == null) {
            return null;
        }
        var m = TIMEOUT.matcher(timeout);
        if (!m.matches()) {
            throw new CliException("Failed to parse --timeout= parameter '" + timeout + "': Invalid argument");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long microsPerUnit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us", "usec" -> 1L;
            case "ms", "msec" -> 1_000L;
            case "m", "min" -> 60_000_000L;
            case "h", "hr" -> 3_600_000_000L;
            default -> 1_000_000L;
        };
        BigDecimal micros = amount.multiply(BigDecimal.valueOf(microsPerUnit));
        if (micros.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
            throw new CliException("Failed to parse --timeout= parameter '" + timeout
                    + "': Numerical result out of range");
        }
        return Duration.ofNanos(micros.longValue() * 1000);
    }

    /**
     * Connects to the chosen bus and says Hello, negotiating fd passing where the transport
     * allows it (so replies carrying {@code h} can be shown).
     *
     * @throws CliException with one line saying why, if there is no bus to connect to
     */
    BlockingConnection connect() {
        String where = busAddress();
        var options = ConnectionOptions.defaults().withDefaultTimeout(callTimeout());
        try {
            try {
                return BlockingConnection.open(where, options.withUnixFds(true));
            } catch (FdNegotiationException noFds) {
                return BlockingConnection.open(where, options);
            }
        } catch (DBusException | IllegalArgumentException e) {
            throw new CliException("Failed to connect to bus: " + e.getMessage(), e);
        }
    }

    String busAddress() {
        return switch (target) {
            case ADDRESS -> address;
            case SYSTEM -> Bus.SYSTEM.address(io.env());
            case SESSION -> {
                try {
                    yield Bus.SESSION.address(io.env());
                } catch (DBusException noSessionBus) {
                    throw new CliException(noSessionBusMessage(), noSessionBus);
                }
            }
        };
    }

    private String noSessionBusMessage() {
        String runtimeDir = io.env().apply("XDG_RUNTIME_DIR");
        String socket = runtimeDir == null || runtimeDir.isBlank() ? "$XDG_RUNTIME_DIR/bus (XDG_RUNTIME_DIR is unset)"
                : Path.of(runtimeDir, "bus").toString();
        return "No session bus: DBUS_SESSION_BUS_ADDRESS is not set and " + socket + " does not exist. "
                + "Use --address=unix:path=/path/to/socket, --system, set DBUS_SESSION_BUS_ADDRESS, "
                + "or start one with: dbus-run-session -- bin/jitney ...";
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Jitney.class.getPackage().getImplementationVersion();
            return new String[] {"jitney " + (v == null ? "(development build)" : v)};
        }
    }
}
