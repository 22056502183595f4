package io.jitney.cli;

import io.jitney.DBusException;
import io.jitney.bus.Properties;
import io.jitney.bus.Replies;
import io.jitney.message.DBusAddress;
import io.jitney.wire.Variant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jitney get-property DEST PATH IFACE PROP...}: prints property values, one per line. */
@Command(name = "get-property", description = "Print the value of one or more properties, as busctl get-property does.")
final class GetPropertyCommand implements Callable<Integer> {
    @ParentCommand
    Jitney root;

    @Parameters(index = "0", paramLabel = "DEST")
    String destination;

    @Parameters(index = "1", paramLabel = "PATH")
    String path;

    @Parameters(index = "2", paramLabel = "IFACE")
    String iface;

    @Parameters(index = "3..*", arity = "1..*", paramLabel = "PROP")
    List<String> properties;

    @Override
    public Integer call() {
        Names.service(destination);
        Names.path(path);
        Names.iface(iface);
        var generator = new Properties(new DBusAddress(path, destination, null));
        try (var conn = root.connect()) {
            for (String property : properties) {
                Variant value;
                try {
                    value = Replies.variant(conn.sendAndGetReply(generator.get(iface, property), root.callTimeout()));
                } catch (DBusException e) {
                    throw new CliException("Failed to get property " + property + " on interface " + iface + ": "
                            + BusctlErrors.describe(e), e);
                }
                Output.property(root, value);
            }
        }
        return 0;
    }
}
