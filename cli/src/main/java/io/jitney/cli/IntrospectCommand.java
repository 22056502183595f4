package io.jitney.cli;

import io.jitney.DBusException;
import io.jitney.bus.Introspectable;
import io.jitney.bus.Properties;
import io.jitney.bus.Replies;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.wire.Variant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jitney introspect DEST PATH [IFACE] [--xml]}: busctl's table of an object's interfaces
 * and members, with the current value of every readable property, or the raw XML.
 */
@Command(name = "introspect", description = "Show an object's interfaces, methods, properties (with values) and "
        + "signals, as busctl introspect does.")
final class IntrospectCommand implements Callable<Integer> {
    @ParentCommand
    Jitney root;

    @Parameters(index = "0", paramLabel = "DEST")
    String destination;

    @Parameters(index = "1", paramLabel = "PATH")
    String path;

    @Parameters(index = "2", arity = "0..1", paramLabel = "IFACE", description = "Show only this interface.")
    String only;

    @Option(names = {"--xml", "--xml-interface"}, description = "Print the introspection XML as received.")
    boolean xml;

    @Override
    public Integer call() {
        Names.service(destination);
        Names.path(path);
        if (only != null) {
            Names.iface(only);
        }
        var object = new DBusAddress(path, destination, null);
        try (var conn = root.connect()) {
            String text;
            try {
                text = Replies.string(conn.sendAndGetReply(new Introspectable(object).introspect(), root.callTimeout()));
            } catch (DBusException e) {
                throw new CliException("Failed to introspect object " + path + " of service " + destination + ": "
                        + BusctlErrors.describe(e), e);
            }
            if (xml) {
                root.io.out().println(text);
                return 0;
            }
            root.io.out().print(table(conn, object, Introspection.parse(text)).render(!root.noLegend, true));
        }
        return 0;
    }

    private Table table(BlockingConnection conn, DBusAddress object, Introspection introspection) {
        var table = new Table("NAME", "TYPE", "SIGNATURE", "RESULT/VALUE", "FLAGS");
        var interfaces = introspection.interfaces().stream()
                .filter(i -> only == null || i.name().equals(only))
                .sorted(Comparator.comparing(Introspection.Interface::name))
                .toList();
        for (var iface : interfaces) {
            Map<String, Variant> values = iface.hasProperties() ? properties(conn, object, iface.name()) : Map.of();
            String[] row = {iface.name(), "interface", "-", "-", iface.deprecated() ? "deprecated" : "-"};
            if (only == null) {
                table.row(row);
            } else {
                table.hiddenRow(row);
            }
            List<Introspection.Member> members = iface.members().stream()
                    .sorted(Comparator.comparing(Introspection.Member::kind).thenComparing(Introspection.Member::name))
                    .toList();
            for (var m : members) {
                String result = switch (m.kind()) {
                    case METHOD -> dash(m.result());
                    case PROPERTY -> value(values.get(m.name()), m.signature());
                    case SIGNAL -> "-";
                };
                table.row("." + m.name(), m.kind().name().toLowerCase(java.util.Locale.ROOT), dash(m.signature()),
                        result, m.flags().isEmpty() ? "-" : String.join(" ", m.flags()));
            }
        }
        return table;
    }

    private Map<String, Variant> properties(BlockingConnection conn, DBusAddress object, String iface) {
        try {
            return Replies.stringVariantMap(conn.sendAndGetReply(new Properties(object).getAll(iface),
                    root.callTimeout()));
        } catch (DBusException e) {
            throw new CliException("Failed to get all properties on interface " + iface + ": "
                    + BusctlErrors.describe(e), e);
        }
    }

    /**
     * A property's value without its signature; "-" if the object did not give it, or gave a
     * value of another type than it declared (as busctl shows it).
     */
    private static String value(Variant v, String declared) {
        return v == null || !v.signature().toString().equals(declared) ? "-"
                : BusctlFormat.terseValue(v.type(), v.value());
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }
}
