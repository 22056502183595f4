package io.jitney.cli;

import io.jitney.bindgen.BindgenMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jitney bindgen}: Java source from introspection XML ({@code --file}) or from a live
 * object on the bus ({@code --name NAME --path PATH}, on the bus the global options choose).
 * For each D-Bus interface it writes a message generator and a typed interface.
 */
@Command(name = "bindgen", description = "Generate Java (a message generator and a typed interface per D-Bus "
        + "interface) from introspection XML or a live object.")
final class BindgenCommand implements Callable<Integer> {
    @ParentCommand
    Jitney root;

    @Option(names = "--file", paramLabel = "FILE", description = "An introspection XML file, or a directory of them.")
    List<String> files = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "Introspect this bus name instead of reading files.")
    String name;

    @Option(names = "--path", paramLabel = "PATH", description = "The object to introspect (default /).")
    String path;

    @Option(names = "--recursive", description = "Also introspect every object below PATH.")
    boolean recursive;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Where to write the sources.")
    String output;

    @Option(names = "--package", paramLabel = "PKG", required = true, description = "The Java package of the sources.")
    String packageName;

    @Option(names = "--standard-interfaces", description = "Also generate Peer, Introspectable, Properties, ObjectManager.")
    boolean standardInterfaces;

    @Override
    public Integer call() {
        var args = new ArrayList<String>();
        for (String f : files) {
            args.add("--file");
            args.add(f);
        }
        if (name != null) {
            args.addAll(List.of("--name", name, "--address", root.busAddress()));
            if (path != null) {
                args.addAll(List.of("--path", path));
            }
            if (recursive) {
                args.add("--recursive");
            }
        }
        args.addAll(List.of("-o", output, "--package", packageName));
        if (standardInterfaces) {
            args.add("--standard-interfaces");
        }
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = BindgenMain.run(args, o, e);
        }
        root.io.out().print(out.toString(StandardCharsets.UTF_8));
        root.io.out().flush();
        root.io.err().print(err.toString(StandardCharsets.UTF_8));
        root.io.err().flush();
        return code == 0 ? 0 : 1;
    }
}
