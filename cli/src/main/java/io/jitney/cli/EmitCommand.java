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

/** {@code jitney emit PATH IFACE SIGNAL [SIGNATURE [ARG...]]}: emits a signal. */
@Command(name = "emit", description = "Emit a signal, as busctl emit does.")
final class EmitCommand implements Callable<Integer> {
    @ParentCommand
    Jitney root;

    @Parameters(index = "0", paramLabel = "PATH")
    String path;

    @Parameters(index = "1", paramLabel = "IFACE")
    String iface;

    @Parameters(index = "2", paramLabel = "SIGNAL")
    String signal;

    @Parameters(index = "3..*", paramLabel = "SIGNATURE [ARG...]")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--destination", paramLabel = "SERVICE", description = "Send the signal to this bus name only.")
    String destination;

    @Override
    public Integer call() {
        Names.path(path);
        Names.iface(iface);
        Names.member(signal);
        if (destination != null) {
            Names.service(destination);
        }
        Signature signature = arguments.isEmpty() ? Signature.EMPTY : CallCommand.signature(arguments.getFirst());
        List<Object> values = BusctlArgs.parse(signature, arguments.isEmpty() ? List.of()
                : arguments.subList(1, arguments.size()));
        Message message = Messages.newSignal(new DBusAddress(path, null, iface), signal, signature.toString(),
                values.toArray());
        if (destination != null) {
            message = message.toBuilder().destination(destination).build();
        }
        try (var conn = root.connect()) {
            conn.send(message);
        } catch (DBusException e) {
            throw new CliException("Failed to emit signal: " + BusctlErrors.describe(e), e);
        }
        return 0;
    }
}
