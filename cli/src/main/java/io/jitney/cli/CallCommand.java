package io.jitney.cli;

import io.jitney.DBusException;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.wire.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jitney call DEST PATH IFACE METHOD [SIGNATURE [ARG...]]}: calls a method and prints the reply. */
@Command(name = "call", description = "Call a method and print the reply, as busctl call does.")
final class CallCommand implements Callable<Integer> {
    @ParentCommand
    Jitney root;

    @Parameters(index = "0", paramLabel = "DEST", description = "The bus name to call.")
    String destination;

    @Parameters(index = "1", paramLabel = "PATH", description = "The object path.")
    String path;

    @Parameters(index = "2", paramLabel = "IFACE", description = "The interface.")
    String iface;

    @Parameters(index = "3", paramLabel = "METHOD", description = "The method.")
    String method;

    @Parameters(index = "4..*", paramLabel = "SIGNATURE [ARG...]",
            description = "The arguments' signature, then the arguments as busctl reads them.")
    List<String> arguments = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Do not print the reply.")
    boolean quiet;

    @Override
    public Integer call() {
        Names.service(destination);
        Names.path(path);
        Names.iface(iface);
        Names.member(method);
        Signature signature = arguments.isEmpty() ? Signature.EMPTY : signature(arguments.getFirst());
        List<Object> values = BusctlArgs.parse(signature, arguments.isEmpty() ? List.of()
                : arguments.subList(1, arguments.size()));
        Message call = Messages.newMethodCall(new DBusAddress(path, destination, iface), method, signature, values);
        try (var conn = root.connect()) {
            Message reply;
            try {
                reply = conn.sendAndGetReply(call, root.callTimeout());
            } catch (DBusException e) {
                throw new CliException("Call failed: " + BusctlErrors.describe(e), e);
            }
            try {
                if (!quiet) {
                    Output.body(root, reply.signature(), reply.body());
                }
            } finally {
                reply.closeUnixFds();
            }
        }
        return 0;
    }

    static Signature signature(String text) {
        try {
            return Signature.of(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("Invalid signature '" + text + "': " + e.getMessage(), e);
        }
    }
}
