package io.jitney.cli;

import io.jitney.DBusException;
import io.jitney.bus.Properties;
import io.jitney.message.DBusAddress;
import io.jitney.wire.Signature;
import io.jitney.wire.Variant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jitney set-property DEST PATH IFACE PROP SIGNATURE ARG...}: sets a property. */
@Command(name = "set-property", description = "Set a property, as busctl set-property does.")
final class SetPropertyCommand implements Callable<Integer> {
    @ParentCommand
    Jitney root;

    @Parameters(index = "0", paramLabel = "DEST")
    String destination;

    @Parameters(index = "1", paramLabel = "PATH")
    String path;

    @Parameters(index = "2", paramLabel = "IFACE")
    String iface;

    @Parameters(index = "3", paramLabel = "PROP")
    String property;

    @Parameters(index = "4", paramLabel = "SIGNATURE", description = "The value's type: one single complete type.")
    String signature;

    @Parameters(index = "5..*", arity = "1..*", paramLabel = "ARG", description = "The value, as busctl reads it.")
    List<String> arguments;

    @Override
    public Integer call() {
        Names.service(destination);
        Names.path(path);
        Names.iface(iface);
        Signature sig = CallCommand.signature(signature);
        Object value = BusctlArgs.parseOne(sig, arguments);
        var set = new Properties(new DBusAddress(path, destination, null)).set(iface, property, new Variant(sig, value));
        try (var conn = root.connect()) {
            conn.sendAndGetReply(set, root.callTimeout());
        } catch (DBusException e) {
            throw new CliException("Failed to set property " + property + " on interface " + iface + ": "
                    + BusctlErrors.describe(e), e);
        }
        return 0;
    }
}
