package io.jitney.cli;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusException;
import io.jitney.DBusTimeoutException;
import io.jitney.bus.Monitoring;
import io.jitney.message.Message;
import io.jitney.routing.MatchRule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jitney monitor [SERVICE|MATCH...]}: becomes a monitor ({@code BecomeMonitor}) and prints
 * every message it is shown, in busctl monitor's long format or as one JSON object per line,
 * until interrupted or {@code --count} messages have been printed.
 */
@Command(name = "monitor", description = "Print the bus traffic, as busctl monitor does, until interrupted.")
final class MonitorCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern(
            "EEE yyyy-MM-dd HH:mm:ss.SSSSSS zzz", Locale.ROOT);
    private static final Duration FOREVER = Duration.ofDays(36_500);

    @ParentCommand
    Jitney root;

    @Parameters(paramLabel = "SERVICE|MATCH", arity = "0..*",
            description = "A bus name (messages from or to it) or a match rule such as \"type='signal'\"; none: all.")
    List<String> filters = new ArrayList<>();

    @Option(names = "--match", paramLabel = "MATCH", description = "Only messages matching this rule (repeatable).")
    List<String> matches = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N", description = "Stop after printing N messages.")
    Integer count;

    @Override
    public Integer call() {
        List<MatchRule> rules = rules();
        try (var conn = root.connect()) {
            String self = conn.uniqueName();
            try {
                conn.sendAndGetReply(new Monitoring().becomeMonitor(rules), root.callTimeout());
            } catch (DBusException e) {
                throw new CliException("Failed to become monitor: " + BusctlErrors.describe(e), e);
            }
            root.io.err().println("Monitoring bus message stream.");
            int printed = 0;
            while (count == null || printed < count) {
                Message m;
                try {
                    m = conn.receive(FOREVER);
                } catch (DBusTimeoutException e) {
                    continue;
                } catch (ConnectionClosedException e) {
                    root.io.err().println("Connection terminated, exiting.");
                    return 0;
                }
                // The bus tells the new monitor that it lost its unique name; that is not traffic.
                if (self != null && self.equals(m.destination())) {
                    continue;
                }
                Instant received = Instant.now();
                var out = root.io.out();
                if (root.jsonOutput()) {
                    out.println(Json.write(json(m, received), root.prettyJson()));
                } else {
                    out.print(text(m, received));
                }
                out.flush();
                m.closeUnixFds();
                printed++;
            }
        }
        return 0;
    }

    private List<MatchRule> rules() {
        var rules = new ArrayList<MatchRule>();
        for (String f : filters) {
            if (f.contains("=")) {
                rules.add(parse(f));
            } else {
                Names.service(f);
                rules.add(MatchRule.builder().sender(f).build());
                rules.add(MatchRule.builder().destination(f).build());
            }
        }
        for (String m : matches) {
            rules.add(parse(m));
        }
        return rules;
    }

    private static MatchRule parse(String rule) {
        try {
            return MatchRule.parse(rule);
        } catch (IllegalArgumentException e) {
            throw new CliException("Failed to parse match rule '" + rule + "': " + e.getMessage(), e);
        }
    }

    /** busctl monitor's long format: a header line, the header fields, the body, a blank line. */
    static String text(Message m, Instant received) {
        var sb = new StringBuilder();
        sb.append("\u2023 Type=").append(m.type().matchRuleName())
                .append("  Endian=").append(endian(m))
                .append("  Flags=").append(m.flags())
                .append("  Version=1")
                .append(" Cookie=").append(Integer.toUnsignedString(m.serial()));
        if (m.replySerial() != 0) {
            sb.append("  ReplyCookie=").append(Integer.toUnsignedString(m.replySerial()));
        }
        sb.append("  Timestamp=\"").append(TIMESTAMP.format(received.atZone(ZoneId.systemDefault()))).append("\"\n");
        var fields = new StringBuilder();
        field(fields, "Sender", m.sender());
        field(fields, "Destination", m.destination());
        field(fields, "Path", m.path() == null ? null : m.path().value());
        field(fields, "Interface", m.interfaceName());
        field(fields, "Member", m.member());
        if (!fields.isEmpty()) {
            sb.append(fields).append('\n');
        }
        if (m.errorName() != null) {
            sb.append("  ErrorName=").append(m.errorName());
            if (!m.body().isEmpty() && m.body().getFirst() instanceof String text) {
                sb.append("  ErrorMessage=\"").append(text).append('"');
            }
            sb.append('\n');
        }
        if (m.sender() != null && m.sender().startsWith(":")) {
            sb.append("  UniqueName=").append(m.sender()).append('\n');
        }
        sb.append(BusctlFormat.verbose(m.signature(), m.body(), 2)).append('\n');
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append("  ").append(name).append('=').append(value);
        }
    }

    /** busctl monitor's JSON: the header fields, the receive time and the body. */
    static LinkedHashMap<String, Object> json(Message m, Instant received) {
        var o = new LinkedHashMap<String, Object>();
        o.put("type", m.type().matchRuleName());
        o.put("endian", endian(m));
        o.put("flags", Json.Number.of(m.flags()));
        o.put("version", Json.Number.of(1));
        o.put("cookie", Json.Number.of(Integer.toUnsignedLong(m.serial())));
        if (m.replySerial() != 0) {
            o.put("reply_cookie", Json.Number.of(Integer.toUnsignedLong(m.replySerial())));
        }
        o.put("timestamp-realtime", Json.Number.of(ChronoUnit.MICROS.between(Instant.EPOCH, received)));
        putIfPresent(o, "sender", m.sender());
        putIfPresent(o, "destination", m.destination());
        putIfPresent(o, "path", m.path() == null ? null : m.path().value());
        putIfPresent(o, "interface", m.interfaceName());
        putIfPresent(o, "member", m.member());
        putIfPresent(o, "error_name", m.errorName());
        o.put("payload", JsonFormat.bodyTree(m.signature(), m.body()));
        return o;
    }

    private static void putIfPresent(LinkedHashMap<String, Object> o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static String endian(Message m) {
        return m.byteOrder() == java.nio.ByteOrder.BIG_ENDIAN ? "B" : "l";
    }
}
