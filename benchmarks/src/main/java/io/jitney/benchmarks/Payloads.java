package io.jitney.benchmarks;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark payloads named in the foundation issue, built once. The Python script
 * {@code benchmarks/jeepney_marshal.py} builds the same messages for Jeepney.
 */
public final class Payloads {
    private Payloads() {}

    static final DBusAddress ECHO = new DBusAddress("/org/example/Echo", "org.example.Echo", "org.example.Echo");

    /** (a) {@code org.example.Echo.EchoDict}, one {@code a{sv}} of 10 entries. */
    public static Message echoDict() {
        Map<String, Variant> dict = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            dict.put("key" + i, i % 2 == 0 ? Variant.of("s", "value" + i) : Variant.of("u", (long) i));
        }
        return Messages.newMethodCall(ECHO, "EchoDict", "a{sv}", dict);
    }

    /** (b) the Notifications {@code Notify} call, {@code susssasa{sv}i}. */
    public static Message notify_() {
        var notifications = new DBusAddress("/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                "org.freedesktop.Notifications");
        Map<String, Variant> hints = new LinkedHashMap<>();
        hints.put("urgency", Variant.of("y", (byte) 1));
        hints.put("category", Variant.of("s", "email.arrived"));
        hints.put("desktop-entry", Variant.of("s", "org.example.Mail"));
        return Messages.newMethodCall(notifications, "Notify", "susssasa{sv}i",
                "jitney", 0L, "mail-unread", "New mail", "You have 3 new messages from the mailing list",
                List.of("default", "Open", "dismiss", "Dismiss"), hints, -1);
    }

    /**
     * (c) a BlueZ-style {@code GetManagedObjects} reply, {@code a{oa{sa{sv}}}}: 20 objects × 3
     * interfaces × 8 properties.
     */
    public static Message managedObjects() {
        Map<ObjectPath, Map<String, Map<String, Variant>>> objects = new LinkedHashMap<>();
        for (int o = 0; o < 20; o++) {
            Map<String, Map<String, Variant>> ifaces = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                Map<String, Variant> props = new LinkedHashMap<>();
                props.put("Address", Variant.of("s", String.format("00:11:22:33:44:%02X", o)));
                props.put("Name", Variant.of("s", "Device " + o));
                props.put("Paired", Variant.of("b", o % 2 == 0));
                props.put("Connected", Variant.of("b", false));
                props.put("RSSI", Variant.of("n", (short) (-40 - o)));
                props.put("Class", Variant.of("u", 0x240404L));
                props.put("UUIDs", Variant.of("as", List.of("0000110b-0000-1000-8000-00805f9b34fb",
                        "0000110e-0000-1000-8000-00805f9b34fb")));
                props.put("Adapter", Variant.of("o", new ObjectPath("/org/bluez/hci0")));
                ifaces.put("org.bluez.Iface" + i, props);
            }
            objects.put(new ObjectPath("/org/bluez/hci0/dev_" + o), ifaces);
        }
        return Message.builder(io.jitney.message.MessageType.METHOD_RETURN)
                .replySerial(7)
                .destination(":1.42")
                .body("a{oa{sa{sv}}}", objects)
                .build();
    }

    /** (d) a 1 MiB {@code ay}. */
    public static Message bytes1MiB() {
        byte[] data = new byte[1 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        return Messages.newMethodCall(ECHO, "EchoBytes", "ay", (Object) data);
    }

    /** (e) a mixed, struct-heavy body: {@code a(isdb(xo)a(ys))} with 50 elements. */
    public static Message structs() {
        List<Struct> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(Struct.of(i, "row" + i, i * 0.5, i % 3 == 0,
                    Struct.of((long) i << 33, new ObjectPath("/org/example/row" + i)),
                    List.of(Struct.of((byte) i, "a"), Struct.of((byte) (i + 1), "b"))));
        }
        return Messages.newMethodCall(ECHO, "EchoStructs", "a(isdb(xo)a(ys))", rows);
    }
}
