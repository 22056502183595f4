package io.jitney.testing;

import io.jitney.ConnectionClosedException;
import io.jitney.bus.MessageBus;
import io.jitney.io.ConnectionOptions;
import io.jitney.io.threading.ThreadedConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Jitney service for the proxy tests, on its own {@link ThreadedConnection} with a receive
 * loop on a thread: it owns {@value #NAME} and serves {@value #INTERFACE} at {@value #PATH}.
 *
 * <pre>
 * Primitives(y b n q i u x t d) → y b n q i u x t d   (echo)
 * Strings(s o g) → s                                   ("s|o|g")
 * Reverse(ay) → ay
 * Sort(as) → as
 * Hints(a{sv}) → a{sv}                                 (adds "seen" = &lt;u: entries&gt;)
 * Swap((s(ii))) → ((ii)s)
 * DivMod(i i) → i i
 * Identity(v) → v
 * Sum(au) → t
 * Fd(h) → h                                            (the same descriptor back)
 * Fail(s name, s text) → error {name}: {text}
 * Emit(s message, u count)                             (emits Pinged(message, count), then replies)
 * Poke(s message), sent without reply                  (emits Pinged(message, 0))
 * signal Pinged(s message, u count)
 * properties: Name s (read-write), Count u (read-only, 42), Tags as (read-write);
 * Set emits PropertiesChanged
 * </pre>
 * Anything else gets the standard errors (UnknownMethod, UnknownProperty, PropertyReadOnly,
 * UnknownInterface, InvalidArgs).
 */
public final class ExampleService implements AutoCloseable {
    public static final String NAME = "org.example.Jitney";
    public static final String PATH = "/org/example/Test";
    public static final String INTERFACE = "org.example.Jitney.Test";
    private static final String PROPERTIES = "org.freedesktop.DBus.Properties";
    private static final String ERROR = "org.freedesktop.DBus.Error.";

    private final ThreadedConnection conn;
    private final Thread thread;
    private final Map<String, Variant> properties = new ConcurrentHashMap<>();

    public ExampleService(String address) throws InterruptedException {
        conn = ThreadedConnection.open(address, ConnectionOptions.defaults().withUnixFds(true));
        properties.put("Name", Variant.of("s", "jitney"));
        properties.put("Count", Variant.of("u", 42L));
        properties.put("Tags", Variant.of("as", List.of("a", "b")));
        int serial = conn.send(new MessageBus().requestName(NAME));
        while (true) {
            Message m = conn.receive(Duration.ofSeconds(10));
            if (m.isReplyTo(serial)) {
                m.unwrap();
                break;
            }
        }
        thread = Thread.ofPlatform().daemon().name("example-service").start(this::serve);
    }

    public String uniqueName() {
        return conn.uniqueName();
    }

    private void serve() {
        try {
            while (true) {
                Message m = conn.receive(Duration.ofDays(1));
                if (m.type() == MessageType.METHOD_CALL) {
                    Message reply;
                    try {
                        reply = handle(m);
                    } catch (RuntimeException e) {
                        reply = Messages.newError(m, ERROR + "Failed", e.toString());
                    }
                    if (reply != null && !m.hasFlag(MessageFlag.NO_REPLY_EXPECTED)) {
                        conn.send(reply);
                    }
                }
            }
        } catch (InterruptedException | ConnectionClosedException e) {
            // closed
        }
    }

    private Message handle(Message m) {
        if (PROPERTIES.equals(m.interfaceName())) {
            return properties(m);
        }
        if (!INTERFACE.equals(m.interfaceName())) {
            return Messages.newError(m, ERROR + "UnknownInterface", "no interface " + m.interfaceName());
        }
        String sig = m.signature().toString();
        List<Object> a = m.body();
        return switch (m.member() + "/" + sig) {
            case "Primitives/ybnqiuxtd", "DivMod/ii" -> m.member().equals("DivMod")
                    ? Messages.newMethodReturn(m, "ii", (Integer) a.get(0) / (Integer) a.get(1),
                            (Integer) a.get(0) % (Integer) a.get(1))
                    : Message.builder(MessageType.METHOD_RETURN).replySerial(m.serial()).destination(m.sender())
                            .body(m.signature(), a).build();
            case "Strings/sog" -> Messages.newMethodReturn(m, "s",
                    a.get(0) + "|" + ((ObjectPath) a.get(1)).value() + "|" + a.get(2));
            case "Reverse/ay" -> {
                byte[] in = (byte[]) a.getFirst();
                byte[] out = new byte[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[in.length - 1 - i];
                }
                yield Messages.newMethodReturn(m, "ay", (Object) out);
            }
            case "Sort/as" -> {
                @SuppressWarnings("unchecked")
                var list = new ArrayList<>((List<String>) a.getFirst());
                list.sort(null);
                yield Messages.newMethodReturn(m, "as", list);
            }
            case "Hints/a{sv}" -> {
                var map = new LinkedHashMap<Object, Object>((Map<?, ?>) a.getFirst());
                map.put("seen", Variant.of("u", (long) map.size()));
                yield Messages.newMethodReturn(m, "a{sv}", map);
            }
            case "Swap/(s(ii))" -> {
                Struct outer = (Struct) a.getFirst();
                yield Messages.newMethodReturn(m, "((ii)s)", Struct.of(outer.get(1), outer.get(0)));
            }
            case "Identity/v" -> Messages.newMethodReturn(m, "v", a.getFirst());
            case "Sum/au" -> {
                long sum = 0;
                for (Object x : (List<?>) a.getFirst()) {
                    sum += (Long) x;
                }
                yield Messages.newMethodReturn(m, "t", sum);
            }
            case "Fd/h" -> {
                try (UnixFd fd = (UnixFd) a.getFirst()) {
                    conn.send(Messages.newMethodReturn(m, "h", fd)); // written (and the fd copied) before close
                }
                yield null;
            }
            case "Fail/ss" -> Messages.newError(m, (String) a.get(0), (String) a.get(1));
            case "Emit/su" -> {
                conn.send(pinged((String) a.get(0), (Long) a.get(1)));
                yield Messages.newMethodReturn(m, "");
            }
            case "Poke/s" -> {
                conn.send(pinged((String) a.get(0), 0));
                yield null;
            }
            default -> Messages.newError(m, ERROR + "UnknownMethod",
                    "no method " + m.member() + "(" + sig + ") in " + INTERFACE);
        };
    }

    private static Message pinged(String message, long count) {
        return Messages.newSignal(new DBusAddress(PATH, null, INTERFACE), "Pinged", "su", message, count);
    }

    private Message properties(Message m) {
        List<Object> a = m.body();
        String sig = m.signature().toString();
        if (!a.isEmpty() && !INTERFACE.equals(a.getFirst()) && !"".equals(a.getFirst())) {
            return Messages.newError(m, ERROR + "UnknownInterface", "no interface " + a.getFirst());
        }
        switch (m.member() + "/" + sig) {
            case "Get/ss" -> {
                Variant v = properties.get((String) a.get(1));
                return v == null ? Messages.newError(m, ERROR + "UnknownProperty", "no property " + a.get(1))
                        : Messages.newMethodReturn(m, "v", v);
            }
            case "GetAll/s" -> {
                var all = new LinkedHashMap<String, Variant>();
                for (String k : List.of("Name", "Count", "Tags")) {
                    all.put(k, properties.get(k));
                }
                return Messages.newMethodReturn(m, "a{sv}", all);
            }
            case "Set/ssv" -> {
                String name = (String) a.get(1);
                Variant v = (Variant) a.get(2);
                Variant old = properties.get(name);
                if (old == null) {
                    return Messages.newError(m, ERROR + "UnknownProperty", "no property " + name);
                }
                if (name.equals("Count")) {
                    return Messages.newError(m, ERROR + "PropertyReadOnly", "Count is read-only");
                }
                if (!old.signature().equals(v.signature())) {
                    return Messages.newError(m, ERROR + "InvalidArgs", name + " is '" + old.signature()
                            + "', not '" + v.signature() + "'");
                }
                properties.put(name, v);
                conn.send(Messages.newSignal(new DBusAddress(PATH, null, PROPERTIES), "PropertiesChanged", "sa{sv}as",
                        INTERFACE, Map.of(name, v), List.of()));
                return Messages.newMethodReturn(m, "");
            }
            default -> {
                return Messages.newError(m, ERROR + "UnknownMethod", "no method " + m.member() + "(" + sig + ")");
            }
        }
    }

    /** Sets a property without a call (for tests that need a known starting value). */
    public void reset() {
        properties.put("Name", Variant.of("s", "jitney"));
        properties.put("Tags", Variant.of("as", List.of("a", "b")));
    }


    @Override
    public void close() {
        conn.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
