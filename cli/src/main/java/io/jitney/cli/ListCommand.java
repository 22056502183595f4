package io.jitney.cli;

import io.jitney.DBusErrorException;
import io.jitney.DBusException;
import io.jitney.bus.MessageBus;
import io.jitney.bus.Replies;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jitney list}: every name on the bus with its owner's PID, process, user and unique
 * connection name, as busctl list shows them (the bus's credentials, completed from
 * {@code /proc}). Activatable names that nobody owns show {@code (activatable)}.
 */
@Command(name = "list", description = "List the bus names, as busctl list does.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Jitney root;

    @Option(names = "--unique", description = "Only unique names (:1.42).")
    boolean unique;

    @Option(names = "--acquired", description = "Only well-known names.")
    boolean acquired;

    @Option(names = "--activatable", description = "Only names that could be activated and are not running.")
    boolean activatable;

    /** One row: {@code null} fields print as "-" (and as JSON null). */
    record Peer(String name, Long pid, String process, String user, String connection, String unit, String session,
            String description) {}

    private final Map<Long, String> userNames = new HashMap<>();

    @Override
    public Integer call() {
        var peers = new TreeMap<String, Peer>();
        var bus = new MessageBus();
        try (var conn = root.connect()) {
            List<String> names;
            List<String> activatableNames;
            try {
                names = Replies.stringList(conn.sendAndGetReply(bus.listNames(), root.callTimeout()));
                activatableNames = Replies.stringList(conn.sendAndGetReply(bus.listActivatableNames(),
                        root.callTimeout()));
            } catch (DBusException e) {
                throw new CliException("Failed to list names: " + BusctlErrors.describe(e), e);
            }
            if (!activatable) {
                for (String name : names) {
                    boolean isUnique = name.startsWith(":");
                    if ((unique && !isUnique) || (acquired && isUnique)) {
                        continue;
                    }
                    peers.put(name, describe(conn, bus, name));
                }
            }
            if (!unique) {
                for (String name : activatableNames) {
                    if (!peers.containsKey(name) && !names.contains(name)) {
                        peers.put(name, new Peer(name, null, null, null, "(activatable)", null, null, null));
                    }
                }
            }
        }
        print(new ArrayList<>(peers.values()));
        return 0;
    }

    private Peer describe(BlockingConnection conn, MessageBus bus, String name) {
        Long pid = null;
        Long uid = null;
        try {
            Map<String, Variant> creds = Replies.stringVariantMap(conn.sendAndGetReply(
                    bus.getConnectionCredentials(name), root.callTimeout()));
            pid = number(creds.get("ProcessID"));
            uid = number(creds.get("UnixUserID"));
        } catch (DBusErrorException e) {
            // gone meanwhile, or the bus does not know: show "-"
        }
        String connection = null;
        if (name.startsWith(":")) {
            connection = name;
        } else if (!name.equals(MessageBus.BUS_NAME)) {
            try {
                connection = Replies.string(conn.sendAndGetReply(bus.getNameOwner(name), root.callTimeout()));
            } catch (DBusErrorException e) {
                // released meanwhile
            }
        }
        String process = pid == null ? null : procFile(pid, "comm").orElse("n/a");
        String cgroup = pid == null ? null : procFile(pid, "cgroup").orElse(null);
        return new Peer(name, pid, process, uid == null ? null : userName(uid), connection, unit(cgroup),
                session(cgroup), null);
    }

    private static Long number(Variant v) {
        return v != null && v.value() instanceof Number n ? n.longValue() : null;
    }

    private static java.util.Optional<String> procFile(long pid, String file) {
        try {
            return java.util.Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), file),
                    StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The user name for a uid from /etc/passwd, or the number. */
    private String userName(long uid) {
        return userNames.computeIfAbsent(uid, u -> {
            try {
                for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                    String[] f = line.split(":", -1);
                    if (f.length > 2 && f[2].equals(Long.toString(u))) {
                        return f[0];
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the number
            }
            return Long.toString(u);
        });
    }

    /**
     * The systemd unit from the unified cgroup path ({@code 0::/system.slice/foo.service}): the
     * first element that is a service or scope, as {@code user@1000.service} or
     * {@code session-2.scope}; {@code null} outside systemd.
     */
    static String unit(String cgroup) {
        String path = unifiedPath(cgroup);
        if (path == null) {
            return null;
        }
        for (String element : path.split("/")) {
            if (element.endsWith(".service") || element.endsWith(".scope")) {
                return element;
            }
        }
        return null;
    }

    /** The login session from a {@code session-N.scope} cgroup element, or {@code null}. */
    static String session(String cgroup) {
        String path = unifiedPath(cgroup);
        if (path == null) {
            return null;
        }
        for (String element : path.split("/")) {
            if (element.startsWith("session-") && element.endsWith(".scope")) {
                return element.substring("session-".length(), element.length() - ".scope".length());
            }
        }
        return null;
    }

    private static String unifiedPath(String cgroup) {
        if (cgroup == null) {
            return null;
        }
        for (String line : cgroup.split("\n")) {
            if (line.startsWith("0::")) {
                return line.substring(3);
            }
        }
        return null;
    }

    private void print(List<Peer> peers) {
        var out = root.io.out();
        if (root.jsonOutput()) {
            var list = new ArrayList<Object>();
            for (Peer p : peers) {
                var o = new LinkedHashMap<String, Object>();
                o.put("name", p.name());
                o.put("pid", p.pid() == null ? null : Json.Number.of(p.pid()));
                o.put("process", p.process());
                o.put("user", p.user());
                o.put("connection", p.connection());
                o.put("unit", p.unit());
                o.put("session", p.session());
                o.put("description", p.description());
                list.add(o);
            }
            out.println(Json.write(list, root.prettyJson()));
            return;
        }
        var table = new Table("NAME", ">PID", "PROCESS", "USER", "CONNECTION", "UNIT", "SESSION", "DESCRIPTION");
        for (Peer p : peers) {
            table.row(p.name(), dash(p.pid() == null ? null : p.pid().toString()), dash(p.process()), dash(p.user()),
                    dash(p.connection()), dash(p.unit()), dash(p.session()), dash(p.description()));
        }
        out.print(table.render(!root.noLegend));
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
