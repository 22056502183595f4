package io.jitney.cli;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusTimeoutException;
import io.jitney.bus.MessageBus;
import io.jitney.io.ConnectionOptions;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small service for the CLI tests, on its own Jitney connection and thread: it owns
 * {@value #NAME} and replies to any method call with its arguments as given ({@code Echo} or any
 * other name), except for a few methods with fixed behaviour: {@code Fail}, {@code FailName}
 * (error named by the first argument, text from the second if given), {@code Hang} (no reply),
 * {@code Fd} (replies with a descriptor), and the standard {@code Introspect} and
 * {@code Properties} {@code Get}/{@code GetAll}/{@code Set} for the object described by
 * {@link #XML}.
 */
final class EchoService implements AutoCloseable {
    static final String NAME = "io.jitney.test.Echo";
    static final String IFACE = "io.jitney.test.Echo";

    static final String XML = """
            <!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
            "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
            <node>
             <interface name="io.jitney.test.Echo">
              <method name="Echo"><arg name="x" type="s" direction="in"/><arg type="i" direction="in"/>
               <arg type="as" direction="out"/><arg type="v" direction="out"/></method>
              <method name="Old"><annotation name="org.freedesktop.DBus.Deprecated" value="true"/></method>
              <method name="Fire"><annotation name="org.freedesktop.DBus.Method.NoReply" value="true"/></method>
              <method name="Both"><annotation name="org.freedesktop.DBus.Method.NoReply" value="true"/>
               <annotation name="org.freedesktop.DBus.Deprecated" value="true"/></method>
              <property name="PRW" type="s" access="readwrite"/>
              <property name="PW" type="i" access="write"/>
              <property name="PConst" type="u" access="read">
               <annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="const"/></property>
              <property name="PInv" type="ay" access="readwrite">
               <annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="invalidates"/></property>
              <property name="PFalse" type="b" access="read">
               <annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="false"/></property>
              <property name="PTrue" type="a{sv}" access="read">
               <annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="true"/>
               <annotation name="org.freedesktop.DBus.Deprecated" value="true"/></property>
              <property name="PMissing" type="d" access="read"/>
              <signal name="Sig"><arg type="s"/><arg type="(ii)"/></signal>
              <signal name="Gone"><annotation name="org.freedesktop.DBus.Deprecated" value="true"/></signal>
             </interface>
             <interface name="a.First"><method name="Z"/><method name="A"/><property name="B" type="s" access="read"/></interface>
             <node name="child"/>
            </node>
            """;

    private final BlockingConnection conn;
    private final Thread thread;
    private final Map<String, Variant> properties = new LinkedHashMap<>();
    private volatile boolean stopped;

    EchoService(String address) {
        conn = BlockingConnection.open(address, ConnectionOptions.defaults().withUnixFds(true));
        conn.sendAndGetReply(new MessageBus().requestName(NAME), Duration.ofSeconds(10));
        properties.put("PRW", Variant.of("s", "hi"));
        properties.put("PConst", Variant.of("u", 7L));
        properties.put("PInv", Variant.of("ay", new byte[] {'a', 'b'}));
        properties.put("PFalse", Variant.of("b", true));
        properties.put("PTrue", Variant.of("a{sv}", Map.of("k", Variant.of("i", 1))));
        thread = Thread.ofPlatform().daemon().name("echo-service").start(this::serve);
    }

    /** The service connection's unique name. */
    String uniqueName() {
        return conn.uniqueName();
    }

    /** The current value of a property of {@value #IFACE}, as the last Set left it. */
    synchronized Variant property(String name) {
        return properties.get(name);
    }

    private void serve() {
        while (!stopped) {
            Message m;
            try {
                m = conn.receive(Duration.ofMillis(100));
            } catch (DBusTimeoutException e) {
                continue;
            } catch (ConnectionClosedException e) {
                return;
            }
            if (m.type() != MessageType.METHOD_CALL) {
                continue;
            }
            Message reply = reply(m);
            if (reply != null) {
                conn.send(reply);
            }
        }
    }

    private synchronized Message reply(Message call) {
        List<Object> body = call.body();
        String member = call.member();
        if ("org.freedesktop.DBus.Introspectable".equals(call.interfaceName()) && member.equals("Introspect")) {
            return Messages.newMethodReturn(call, "s", XML);
        }
        if ("org.freedesktop.DBus.Properties".equals(call.interfaceName())) {
            return properties(call, member, body);
        }
        return switch (member) {
            case "Fail" -> Messages.newError(call, "com.example.Oops", "it went wrong");
            case "FailName" -> body.size() > 1 ? Messages.newError(call, (String) body.get(0), (String) body.get(1))
                    : Messages.newError(call, (String) body.get(0), "", new Object[0]);
            case "Hang" -> null;
            case "Fd" -> Messages.newMethodReturn(call, "h", 0);
            default -> Messages.newMethodReturn(call, call.signature().toString(), body.toArray());
        };
    }

    private Message properties(Message call, String member, List<Object> body) {
        boolean ours = IFACE.equals(body.getFirst());
        return switch (member) {
            case "Get" -> {
                Variant v = ours ? properties.get((String) body.get(1)) : body.getFirst().equals("a.First")
                        && body.get(1).equals("B") ? Variant.of("s", "bee") : null;
                yield v == null ? Messages.newError(call, "org.freedesktop.DBus.Error.UnknownProperty",
                        "Unknown property " + body.get(1)) : Messages.newMethodReturn(call, "v", v);
            }
            case "GetAll" -> Messages.newMethodReturn(call, "a{sv}", ours ? new LinkedHashMap<>(properties)
                    : body.getFirst().equals("a.First") ? Map.of("B", Variant.of("s", "bee")) : Map.of());
            case "Set" -> {
                properties.put((String) body.get(1), (Variant) body.get(2));
                yield Messages.newMethodReturn(call, "");
            }
            default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", "no " + member);
        };
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
        conn.close();
    }
}
