package io.jitney.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.DBusErrorException;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.routing.MatchRuleSyntaxException;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Values;
import io.jitney.wire.Variant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every generated message: destination, path, interface, member, signature and body. */
class GeneratorsTest {
    static final String DBUS = "org.freedesktop.DBus";
    static final String DBUS_PATH = "/org/freedesktop/DBus";
    final MessageBus bus = new MessageBus();

    /**
     * Asserts every header field and the body, then serializes the message and parses it back
     * (which checks each body value against its type) and asserts the same of the result.
     */
    static void assertCall(Message m, String destination, String path, String iface, String member, String signature,
            Object... body) {
        for (Message x : List.of(m, reparse(m))) {
            assertThat(x.type()).isEqualTo(MessageType.METHOD_CALL);
            assertThat(x.flags()).isZero();
            assertThat(x.destination()).isEqualTo(destination);
            assertThat(x.path()).isEqualTo(new ObjectPath(path));
            assertThat(x.interfaceName()).isEqualTo(iface);
            assertThat(x.member()).isEqualTo(member);
            assertThat(x.signature().toString()).isEqualTo(signature);
            assertThat(Values.deepEquals(x.body(), List.of(body)))
                    .as("body %s equals %s", Values.toDisplayString(x.body()), Values.toDisplayString(List.of(body)))
                    .isTrue();
        }
    }

    static Message reparse(Message m) {
        try (var p = new MessageParser()) {
            p.feed(m.serialize(7));
            Message back = p.next();
            assertThat(back.serial()).isEqualTo(7);
            return back;
        }
    }

    static void assertBusCall(Message m, String member, String signature, Object... body) {
        assertCall(m, DBUS, DBUS_PATH, DBUS, member, signature, body);
    }

    @Test
    void messageBusMethods() {
        assertBusCall(bus.hello(), "Hello", "");
        assertBusCall(bus.requestName("com.example.A"), "RequestName", "su", "com.example.A", 0L);
        assertBusCall(bus.requestName("com.example.A", 5), "RequestName", "su", "com.example.A", 5L);
        assertBusCall(bus.requestName("com.example.A", EnumSet.allOf(RequestNameFlag.class)), "RequestName", "su",
                "com.example.A", 7L);
        assertBusCall(bus.requestName("com.example.A", EnumSet.noneOf(RequestNameFlag.class)), "RequestName", "su",
                "com.example.A", 0L);
        assertBusCall(bus.releaseName("com.example.A"), "ReleaseName", "s", "com.example.A");
        assertBusCall(bus.listQueuedOwners("com.example.A"), "ListQueuedOwners", "s", "com.example.A");
        assertBusCall(bus.listNames(), "ListNames", "");
        assertBusCall(bus.listActivatableNames(), "ListActivatableNames", "");
        assertBusCall(bus.nameHasOwner(":1.4"), "NameHasOwner", "s", ":1.4");
        assertBusCall(bus.startServiceByName("com.example.A"), "StartServiceByName", "su", "com.example.A", 0L);
        var env = new LinkedHashMap<String, String>();
        env.put("LANG", "C.UTF-8");
        env.put("EMPTY", "");
        assertBusCall(bus.updateActivationEnvironment(env), "UpdateActivationEnvironment", "a{ss}", env);
        assertBusCall(bus.updateActivationEnvironment(Map.of()), "UpdateActivationEnvironment", "a{ss}", Map.of());
        assertBusCall(bus.getNameOwner("com.example.A"), "GetNameOwner", "s", "com.example.A");
        assertBusCall(bus.getConnectionUnixUser(":1.4"), "GetConnectionUnixUser", "s", ":1.4");
        assertBusCall(bus.getConnectionUnixProcessID("com.example.A"), "GetConnectionUnixProcessID", "s",
                "com.example.A");
        assertBusCall(bus.getConnectionCredentials(":1.4"), "GetConnectionCredentials", "s", ":1.4");
        assertBusCall(bus.getAdtAuditSessionData(":1.4"), "GetAdtAuditSessionData", "s", ":1.4");
        assertBusCall(bus.getConnectionSELinuxSecurityContext(":1.4"), "GetConnectionSELinuxSecurityContext", "s",
                ":1.4");
        MatchRule rule = MatchRule.builder().member("Foo").arg(0, "it's").build();
        assertBusCall(bus.addMatch(rule), "AddMatch", "s", "member='Foo',arg0='it'\\''s'");
        assertBusCall(bus.addMatch("member=Foo,arg0=it\\'s"), "AddMatch", "s", "member='Foo',arg0='it'\\''s'");
        assertBusCall(bus.removeMatch(rule), "RemoveMatch", "s", "member='Foo',arg0='it'\\''s'");
        assertBusCall(bus.removeMatch("  member ='Foo',arg0='it'\\''s', "), "RemoveMatch", "s",
                "member='Foo',arg0='it'\\''s'");
        assertBusCall(bus.getId(), "GetId", "");
        assertBusCall(bus.reloadConfig(), "ReloadConfig", "");
        assertCall(bus.getFeatures(), DBUS, DBUS_PATH, "org.freedesktop.DBus.Properties", "Get", "ss", DBUS,
                "Features");
        assertCall(bus.getInterfaces(), DBUS, DBUS_PATH, "org.freedesktop.DBus.Properties", "Get", "ss", DBUS,
                "Interfaces");
        assertThat(bus.address()).isEqualTo(new DBusAddress(DBUS_PATH, DBUS, DBUS)).isEqualTo(MessageBus.ADDRESS);
    }

    @Test
    void messageBusValidatesArguments() {
        assertThatThrownBy(() -> bus.requestName(":1.5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unique name");
        assertThatThrownBy(() -> bus.requestName("no")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid bus name");
        assertThatThrownBy(() -> bus.requestName("com.example.A", 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x8");
        assertThatThrownBy(() -> bus.releaseName(":1.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.startServiceByName(":1.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.getNameOwner("a..b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.addMatch("type='signal")).isInstanceOf(MatchRuleSyntaxException.class);
        assertThatThrownBy(() -> bus.updateActivationEnvironment(Map.of("A=B", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A=B");
        assertThatThrownBy(() -> bus.updateActivationEnvironment(Map.of("", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        var withNull = new LinkedHashMap<String, String>();
        withNull.put("A", null);
        assertThatThrownBy(() -> bus.updateActivationEnvironment(withNull))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestNameFlagBits() {
        assertThat(RequestNameFlag.ALLOW_REPLACEMENT.bit()).isEqualTo(1);
        assertThat(RequestNameFlag.REPLACE_EXISTING.bit()).isEqualTo(2);
        assertThat(RequestNameFlag.DO_NOT_QUEUE.bit()).isEqualTo(4);
        assertThat(RequestNameFlag.toBits(EnumSet.of(RequestNameFlag.DO_NOT_QUEUE, RequestNameFlag.ALLOW_REPLACEMENT)))
                .isEqualTo(5);
    }

    @Test
    void replyCodes() {
        assertThat(RequestNameReply.values()).extracting(RequestNameReply::code).containsExactly(1, 2, 3, 4);
        assertThat(RequestNameReply.fromCode(1)).isEqualTo(RequestNameReply.PRIMARY_OWNER);
        assertThat(RequestNameReply.fromCode(2)).isEqualTo(RequestNameReply.IN_QUEUE);
        assertThat(RequestNameReply.fromCode(3)).isEqualTo(RequestNameReply.EXISTS);
        assertThat(RequestNameReply.fromCode(4)).isEqualTo(RequestNameReply.ALREADY_OWNER);
        assertThatThrownBy(() -> RequestNameReply.fromCode(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a RequestName reply code: 0");
        assertThat(ReleaseNameReply.values()).extracting(ReleaseNameReply::code).containsExactly(1, 2, 3);
        assertThat(ReleaseNameReply.fromCode(2)).isEqualTo(ReleaseNameReply.NON_EXISTENT);
        assertThat(ReleaseNameReply.fromCode(3)).isEqualTo(ReleaseNameReply.NOT_OWNER);
        assertThat(StartServiceReply.values()).extracting(StartServiceReply::code).containsExactly(1, 2);
        assertThat(StartServiceReply.fromCode(2)).isEqualTo(StartServiceReply.ALREADY_RUNNING);
        assertThatThrownBy(() -> StartServiceReply.fromCode(3)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A call as received (with a serial), to build replies to it. */
    static Message received(Message call) {
        return reparse(call);
    }

    @Test
    void replyHelpersReadTypedResultsAndRefuseSurprises() {
        Message call = received(bus.requestName("com.example.A"));
        assertThat(RequestNameReply.fromReply(Messages.newMethodReturn(call, "u", 4L)))
                .isEqualTo(RequestNameReply.ALREADY_OWNER);
        assertThat(ReleaseNameReply.fromReply(Messages.newMethodReturn(call, "u", 1L)))
                .isEqualTo(ReleaseNameReply.RELEASED);
        assertThat(StartServiceReply.fromReply(Messages.newMethodReturn(call, "u", 1L)))
                .isEqualTo(StartServiceReply.SUCCESS);
        assertThatThrownBy(() -> RequestNameReply.fromReply(Messages.newMethodReturn(call, "u", 9L)))
                .isInstanceOfSatisfying(UnexpectedReplyException.class, e -> {
                    assertThat(e.expected()).isEqualTo("u");
                    assertThat(e.reply()).isNotNull();
                })
                .hasMessageContaining("code 9");
        assertThatThrownBy(() -> RequestNameReply.fromReply(Messages.newMethodReturn(call, "i", 1)))
                .isInstanceOf(UnexpectedReplyException.class)
                .hasMessageContaining("expected a reply with signature 'u', got 'i'");
        assertThatThrownBy(() -> RequestNameReply.fromReply(
                        Messages.newError(call, "org.freedesktop.DBus.Error.AccessDenied", "no")))
                .isInstanceOfSatisfying(DBusErrorException.class,
                        e -> assertThat(e.errorName()).isEqualTo("org.freedesktop.DBus.Error.AccessDenied"));
        assertThatThrownBy(() -> Replies.string(call)).isInstanceOf(UnexpectedReplyException.class)
                .hasMessageContaining("expected a METHOD_RETURN");

        assertThat(Replies.string(Messages.newMethodReturn(call, "s", ":1.1"))).isEqualTo(":1.1");
        assertThat(Replies.uint32(Messages.newMethodReturn(call, "u", 4294967295L))).isEqualTo(4294967295L);
        assertThat(Replies.bool(Messages.newMethodReturn(call, "b", true))).isTrue();
        assertThat(Replies.stringList(Messages.newMethodReturn(call, "as", List.of("a", "b"))))
                .containsExactly("a", "b");
        assertThat(Replies.bytes(Messages.newMethodReturn(call, "ay", new byte[] {1, 2}))).containsExactly(1, 2);
        assertThat(Replies.variant(Messages.newMethodReturn(call, "v", Variant.of("s", "x"))))
                .isEqualTo(Variant.of("s", "x"));
        assertThat(Replies.stringVariantMap(Messages.newMethodReturn(call, "a{sv}", Map.of("k", Variant.of("u", 1L)))))
                .containsEntry("k", Variant.of("u", 1L));
        assertThat(Replies.stringListProperty(Messages.newMethodReturn(call, "v", Variant.of("as", List.of("x")))))
                .containsExactly("x");
        assertThatThrownBy(() -> Replies.stringListProperty(Messages.newMethodReturn(call, "v", Variant.of("s", "x"))))
                .isInstanceOf(UnexpectedReplyException.class).hasMessageContaining("expected a property of type 'as'");
        Replies.empty(Messages.newMethodReturn(call, ""));
        assertThatThrownBy(() -> Replies.empty(Messages.newMethodReturn(call, "s", "x")))
                .isInstanceOf(UnexpectedReplyException.class);
    }

    @Test
    void monitoring() {
        var mon = new Monitoring();
        MatchRule a = MatchRule.parse("type='signal'");
        MatchRule b = MatchRule.parse("arg0='it''s'");
        assertCall(mon.becomeMonitor(List.of(a, b)), DBUS, DBUS_PATH, "org.freedesktop.DBus.Monitoring",
                "BecomeMonitor", "asu", List.of("type='signal'", "arg0='its'"), 0L);
        assertCall(mon.becomeMonitor(), DBUS, DBUS_PATH, "org.freedesktop.DBus.Monitoring", "BecomeMonitor", "asu",
                List.of(), 0L);
        assertCall(mon.becomeMonitor(a), DBUS, DBUS_PATH, "org.freedesktop.DBus.Monitoring", "BecomeMonitor", "asu",
                List.of("type='signal'"), 0L);
        assertCall(mon.becomeMonitorFromStrings(List.of("type=signal", "member=X")), DBUS, DBUS_PATH,
                "org.freedesktop.DBus.Monitoring", "BecomeMonitor", "asu", List.of("type='signal'", "member='X'"), 0L);
        assertThatThrownBy(() -> mon.becomeMonitorFromStrings(List.of("bogus")))
                .isInstanceOf(MatchRuleSyntaxException.class);
    }

    @Test
    void debugStats() {
        var stats = new DebugStats();
        String iface = "org.freedesktop.DBus.Debug.Stats";
        assertCall(stats.getStats(), DBUS, DBUS_PATH, iface, "GetStats", "");
        assertCall(stats.getConnectionStats(":1.3"), DBUS, DBUS_PATH, iface, "GetConnectionStats", "s", ":1.3");
        assertCall(stats.getAllMatchRules(), DBUS, DBUS_PATH, iface, "GetAllMatchRules", "");
        assertThatThrownBy(() -> stats.getConnectionStats("x")).isInstanceOf(IllegalArgumentException.class);
    }

    static final DBusAddress OBJ = new DBusAddress("/org/example/Obj", "org.example.Service", "org.example.Iface");

    @Test
    void properties() {
        var props = new Properties(OBJ);
        String iface = "org.freedesktop.DBus.Properties";
        String service = "org.example.Service";
        String path = "/org/example/Obj";
        assertCall(props.get("org.example.Iface", "Volume"), service, path, iface, "Get", "ss", "org.example.Iface",
                "Volume");
        assertCall(props.get("", "connection-status"), service, path, iface, "Get", "ss", "", "connection-status");
        assertCall(props.getAll("org.example.Iface"), "org.example.Service", "/org/example/Obj", iface, "GetAll", "s",
                "org.example.Iface");
        assertCall(props.set("org.example.Iface", "Volume", Variant.of("d", 0.5)), "org.example.Service",
                "/org/example/Obj", iface, "Set", "ssv", "org.example.Iface", "Volume", Variant.of("d", 0.5));
        assertThat(props.address()).isEqualTo(OBJ.withInterface(iface));
        assertThatThrownBy(() -> props.get("bad", "X")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> props.get("org.example.Iface", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> props.set("org.example.Iface", "X", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void introspectablePeerObjectManager() {
        assertCall(new Introspectable(OBJ).introspect(), "org.example.Service", "/org/example/Obj",
                "org.freedesktop.DBus.Introspectable", "Introspect", "");
        var peer = new Peer(OBJ);
        assertCall(peer.ping(), "org.example.Service", "/org/example/Obj", "org.freedesktop.DBus.Peer", "Ping", "");
        assertCall(peer.getMachineId(), "org.example.Service", "/org/example/Obj", "org.freedesktop.DBus.Peer",
                "GetMachineId", "");
        assertCall(new ObjectManager(OBJ).getManagedObjects(), "org.example.Service", "/org/example/Obj",
                "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", "");
        var p2p = new DBusAddress("/", null, null);
        Message ping = new Peer(p2p).ping();
        assertThat(ping.destination()).isNull();
        assertThat(ping.interfaceName()).isEqualTo("org.freedesktop.DBus.Peer");
    }
}
