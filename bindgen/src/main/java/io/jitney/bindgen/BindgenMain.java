package io.jitney.bindgen;

import io.jitney.DBusException;
import io.jitney.address.Bus;
import io.jitney.bindgen.internal.JavaNames;
import io.jitney.io.blocking.BlockingConnection;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line entry point, for {@code jitney bindgen} and for
 * {@code java -m io.jitney.bindgen/io.jitney.bindgen.BindgenMain}:
 *
 * <pre>
 * bindgen (--file FILE|DIR)... -o DIR --package PKG [--standard-interfaces]
 * bindgen --name NAME [--path PATH] [--session | --system | --address ADDRESS] [--recursive]
 *         -o DIR --package PKG [--standard-interfaces]
 * </pre>
 *
 * {@link #run} does the work and returns the exit status (0 done, 1 failed, 2 bad usage), so a
 * command-line front end can call it with the arguments after {@code bindgen}.
 */
public final class BindgenMain {
    /** Exit status: files written. */
    public static final int OK = 0;
    /** Exit status: the introspection data or the bus failed. */
    public static final int FAILED = 1;
    /** Exit status: the arguments were wrong. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: bindgen (--file FILE|DIR)... -o DIR --package PKG [--standard-interfaces]
                   bindgen --name NAME [--path PATH] [--session|--system|--address ADDRESS] [--recursive]
                           -o DIR --package PKG [--standard-interfaces]
            Generate Java (a message generator and a typed interface per D-Bus interface) from
            introspection XML files, or from a live object on a bus.
              --file FILE|DIR        introspection XML; a directory means every *.xml below it
              --name NAME            bus name of the object to introspect
              --path PATH            its object path (default /)
              --session, --system    which bus (default: session)
              --address ADDRESS      a bus by its D-Bus address
              --recursive            introspect the objects below PATH too
              -o, --output DIR       source root to write to
              --package PKG          Java package of the generated code
              --standard-interfaces  also generate Peer, Introspectable, Properties, ObjectManager
              -h, --help             this text
            """;

    private BindgenMain() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs bindgen with these arguments; prints written files to {@code out}, warnings and errors to {@code err}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        var files = new ArrayList<Path>();
        String name = null;
        String path = "/";
        String address = null;
        Bus bus = null;
        boolean recursive = false;
        String output = null;
        String packageName = null;
        boolean standard = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                switch (a) {
                    case "--file" -> files.add(Path.of(value(args, ++i, a)));
                    case "--name" -> name = value(args, ++i, a);
                    case "--path" -> path = value(args, ++i, a);
                    case "--address" -> address = value(args, ++i, a);
                    case "--session" -> bus = Bus.SESSION;
                    case "--system" -> bus = Bus.SYSTEM;
                    case "--recursive" -> recursive = true;
                    case "-o", "--output" -> output = value(args, ++i, a);
                    case "--package" -> packageName = value(args, ++i, a);
                    case "--standard-interfaces" -> standard = true;
                    case "-h", "--help" -> {
                        out.print(USAGE_TEXT);
                        return OK;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            } catch (IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
        }
        if (files.isEmpty() == (name == null)) {
            return usage(err, "give either --file or --name");
        }
        if (name == null && (address != null || bus != null || recursive)) {
            return usage(err, "--session, --system, --address and --recursive need --name");
        }
        if (address != null && bus != null) {
            return usage(err, "give one of --session, --system, --address");
        }
        if (output == null) {
            return usage(err, "-o DIR is required");
        }
        if (packageName == null) {
            return usage(err, "--package PKG is required");
        }
        if (!packageName.isEmpty() && !JavaNames.isPackageName(packageName)) {
            return usage(err, "'" + packageName + "' is not a valid Java package name");
        }
        try {
            Bindgen bindgen;
            if (name != null) {
                try (BlockingConnection conn = address != null ? BlockingConnection.open(address)
                        : BlockingConnection.open(bus != null ? bus : Bus.SESSION)) {
                    bindgen = recursive ? Bindgen.fromLiveTree(conn, name, path) : Bindgen.fromLive(conn, name, path);
                }
            } else {
                bindgen = Bindgen.fromXml(files);
            }
            Bindgen.Result result = bindgen.packageName(packageName).includeStandardInterfaces(standard)
                    .writeTo(Path.of(output));
            result.warnings().forEach(w -> err.println("warning: " + w));
            for (GeneratedFile f : result.files()) {
                out.println(Path.of(output).resolve(f.relativePath()));
            }
            if (result.files().isEmpty()) {
                err.println("warning: no interfaces to generate"
                        + (standard ? "" : " (standard interfaces are skipped; --standard-interfaces includes them)"));
            }
            return OK;
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (DBusException | UncheckedIOException e) {
            err.println("bindgen: " + e.getMessage());
            return FAILED;
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int usage(PrintStream err, String problem) {
        err.println("bindgen: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }
}
