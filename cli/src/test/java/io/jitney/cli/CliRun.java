package io.jitney.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Runs jitney in-process and busctl (or any program) as a process, capturing exit code and output. */
final class CliRun {
    private CliRun() {}

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** jitney with this environment (variable to value), in this JVM, through its picocli entry point. */
    static Result jitneyWithEnv(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        UnaryOperator<String> lookup = env::get;
        int exit = Jitney.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), lookup);
        return new Result(exit, out.toString(), err.toString());
    }

    /** jitney with an empty environment (so no session bus is ever found by accident). */
    static Result jitney(String... args) {
        return jitneyWithEnv(Map.of(), args);
    }

    /** A program run to completion (30 s at most). */
    static Result process(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jitney-cli-test", ".out");
        Path err = Files.createTempFile("jitney-cli-test", ".err");
        try {
            var pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** busctl with {@code --address=ADDRESS} first. */
    static Result busctl(String address, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("busctl");
        command.add("--address=" + address);
        command.addAll(List.of(args));
        return process(Map.of(), command);
    }

    /** The arguments with {@code --address=ADDRESS} first, for jitney. */
    static String[] at(String address, String... args) {
        var all = new String[args.length + 1];
        all[0] = "--address=" + address;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
