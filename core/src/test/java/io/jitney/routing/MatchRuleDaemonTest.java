package io.jitney.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.bus.DebugStats;
import io.jitney.bus.MessageBus;
import io.jitney.bus.RawBusConnection;
import io.jitney.bus.Replies;
import io.jitney.bus.RequestNameReply;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.testing.Peers;
import io.jitney.testing.Peers.Peer;
import io.jitney.testing.Processes;
import io.jitney.wire.ObjectPath;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Match rules against a real dbus-daemon: it accepts every rule the serializer writes, refuses
 * what the parser refuses, reads each rule exactly as Jitney does (checked through
 * {@code Debug.Stats.GetAllMatchRules}), and routes broadcast signals exactly as
 * {@link MatchRule#matches(Message, NameOwners)} predicts.
 */
class MatchRuleDaemonTest {
    private static final MessageBus BUS = new MessageBus();
    private static final String EMITTER_NAME = "org.jitney.test.Emitter";

    @RegisterExtension
    static final DBusDaemonExtension daemon = new DBusDaemonExtension();

    /** A representative set: every key, every kind of argument match, every quoting case. */
    static List<MatchRule> representativeRules() {
        var rules = new ArrayList<MatchRule>();
        rules.add(MatchRule.builder().build());
        for (MessageType t : MessageType.values()) {
            rules.add(MatchRule.builder().type(t).build());
        }
        rules.add(MatchRuleSyntaxTest.everyKey());
        rules.add(MatchRule.builder().sender(":1.0").destination("org.example.WellKnown").build());
        rules.add(MatchRule.builder().interfaceName("org.freedesktop.DBus.Properties").member("PropertiesChanged")
                .pathNamespace("/org/example").build());
        rules.add(MatchRule.builder().pathNamespace("/").build());
        rules.add(MatchRule.builder().member("NameOwnerChanged").arg0Namespace("com.example.backend1").build());
        rules.add(MatchRule.builder().arg0Namespace(":1").build());
        rules.add(MatchRule.builder().arg0Namespace("a-b").build());
        rules.add(MatchRule.builder().argPath(0, "/aa/bb/").argPath(7, "not a path").argPath(8, "").build());
        rules.add(MatchRule.parse("arg0=''\\''',arg1='\\',arg2=',',arg3='\\\\'"));
        rules.add(MatchRule.builder().arg(0, "it's").arg(1, "''").arg(2, "\\'").arg(3, "a,b=c").arg(4, " x ")
                .arg(5, "ünïcødé 😀").arg(6, "").arg(63, "last").build());
        rules.add(MatchRule.builder().eavesdrop(true).build());
        rules.add(MatchRule.builder().type(MessageType.SIGNAL).eavesdrop(false).build());
        rules.add(MatchRule.nameOwnerChangedRule("com.example.Foo"));
        var sixteen = MatchRule.builder();
        for (int i = 0; i < MatchRule.DBUS_DAEMON_MAX_KEYS; i++) {
            sixteen.arg(i * 4, "v" + i);
        }
        rules.add(sixteen.build());
        return rules;
    }

    /** Rules the parser refuses and dbus-daemon refuses too. */
    static final List<String> REJECTED = List.of(
            "foo='bar'", "type='chouin'", "type", "type='signal", "sender='org'", "interface='abc@def++'",
            "member='1Foo'", "path='/a/'", "path_namespace='/foo/'", "path='/foo',path_namespace='/foo'",
            "arg64='x'", "arg1namespace='foo'", "arg0namespace='foo.'", "arg0namespace=''", "arg3junk='foo'",
            "type='signal',type='method_call'", "arg0='foo',arg0='bar'", "arg0='x',arg0path='/x'", "eavesdrop='yes'",
            "type='signal',,member='x'", "arg2='wal\\'do',sender='foo',type='signal',interface='bar.x',");

    /**
     * {@code dbus-send --bus=ADDR ... org.freedesktop.DBus.AddMatch string:RULE} (sends Hello first);
     * fails the test if it has not finished within 20 s.
     */
    static Processes.Run addMatchWithDbusSend(String rule) throws IOException, InterruptedException {
        Path dbusSend = Peers.assumeExecutable(Peer.DBUS_SEND);
        return Processes.run(Duration.ofSeconds(20), List.of(dbusSend.toString(), "--bus=" + daemon.unixPathAddress(),
                "--type=method_call", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus.AddMatch", "string:" + rule));
    }

    @Test
    void daemonAcceptsEveryRuleTheSerializerWrites() throws Exception {
        for (MatchRule rule : representativeRules()) {
            Processes.Run r = addMatchWithDbusSend(rule.serialize());
            assertThat(r.exitCode()).as("dbus-send AddMatch %s: %s", rule, r.stderr()).isZero();
            assertThat(r.stdout()).as("reply to AddMatch %s", rule).startsWith("method return");
        }
    }

    @Test
    void daemonRejectsWhatTheParserRejects() throws Exception {
        for (String text : REJECTED) {
            assertThatThrownBy(() -> MatchRule.parse(text))
                    .as("Jitney rejects %s", text)
                    .isInstanceOf(MatchRuleSyntaxException.class);
            Processes.Run r = addMatchWithDbusSend(text);
            assertThat(r.exitCode()).as("dbus-send AddMatch %s", text).isNotZero();
            assertThat(r.stderr()).as("error for %s", text).contains("org.freedesktop.DBus.Error.MatchRuleInvalid");
        }
    }

    @Test
    void daemonRefusesRuleTextOverItsLengthLimit() throws Exception {
        MatchRule longRule = MatchRule.builder().arg(0, "x".repeat(MatchRule.DBUS_DAEMON_MAX_LENGTH)).build();
        assertThat(MatchRule.parse(longRule.serialize())).isEqualTo(longRule);
        try (RawBusConnection c = RawBusConnection.connect(daemon)) {
            Message reply = c.call(BUS.addMatch(longRule));
            assertThat(reply.errorName()).isEqualTo("org.freedesktop.DBus.Error.LimitsExceeded");
        }
    }

    /**
     * The daemon re-serializes the rules it holds ({@code GetAllMatchRules}); parsing that text
     * must give back the rule Jitney sent. The daemon writes no {@code eavesdrop='false'} (it is
     * the default), so that key is compared after removing it.
     */
    @Test
    void daemonReadsEachRuleExactlyAsJitneyDoes() throws Exception {
        try (RawBusConnection c = RawBusConnection.connect(daemon)) {
            assumeDebugStats(c);
            for (MatchRule rule : representativeRules()) {
                Replies.empty(c.call(BUS.addMatch(rule)));
                List<String> held = heldRules(c);
                assertThat(held).as("rules held after adding %s", rule).hasSize(1);
                MatchRule expected = rule.eavesdrop() ? rule : rule.toBuilder().eavesdrop(null).build();
                assertThat(MatchRule.parse(held.getFirst())).as("daemon's reading of %s", rule).isEqualTo(expected);
                Replies.empty(c.call(BUS.removeMatch(rule)));
                assertThat(heldRules(c)).isEmpty();
            }
            Message notFound = c.call(BUS.removeMatch(MatchRule.builder().member("NeverAdded").build()));
            assertThat(notFound.errorName()).isEqualTo("org.freedesktop.DBus.Error.MatchRuleNotFound");
        }
    }

    /**
     * The spec's unquoted escaping example: dbus-daemon 1.14 takes the ',' after a lone '\'
     * literally (arg1 becomes {@code \,arg2=,}), the spec does not. The quoted form Jitney
     * sends means the same to both.
     */
    @Test
    void quotedFormIsReadAlikeWhereTheUnquotedBackslashIsNot() throws Exception {
        try (RawBusConnection c = RawBusConnection.connect(daemon)) {
            assumeDebugStats(c);
            // Sent raw, bypassing MatchRule.
            Message raw = Messages.newMethodCall(MessageBus.ADDRESS, "AddMatch", "s",
                    "arg0=\\',arg1=\\,arg2=',',arg3=\\\\");
            Replies.empty(c.call(raw));
            MatchRule daemonView = MatchRule.parse(heldRules(c).getFirst());
            MatchRule specView = MatchRule.parse("arg0=\\',arg1=\\,arg2=',',arg3=\\\\");
            assertThat(specView.arg(1)).isEqualTo("\\");
            assertThat(specView.arg(2)).isEqualTo(",");
            assertThat(daemonView.arg(1)).as("dbus-daemon's reading").isIn("\\,arg2=,", "\\");
            Replies.empty(c.call(BUS.removeMatch(daemonView)));
            Replies.empty(c.call(BUS.addMatch("arg0=\\',arg1=\\,arg2=',',arg3=\\\\")));
            assertThat(MatchRule.parse(heldRules(c).getFirst())).isEqualTo(specView);
        }
    }

    /** Skips the test unless the daemon has {@code Debug.Stats} (a build option of dbus-daemon). */
    private static void assumeDebugStats(RawBusConnection c) throws IOException {
        Message probe = c.call(new DebugStats().getAllMatchRules());
        Assumptions.assumeTrue(probe.type() == MessageType.METHOD_RETURN,
                "this dbus-daemon has no Debug.Stats interface (" + probe.errorName() + ")");
    }

    private static List<String> heldRules(RawBusConnection c) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> all = (Map<String, List<String>>) Replies.body(
                c.call(new DebugStats().getAllMatchRules()), "a{sas}").getFirst();
        return all.getOrDefault(c.uniqueName(), List.of());
    }

    // ---- routing: the daemon delivers what matches() predicts --------------------------

    private static final DBusAddress A = new DBusAddress("/org/jitney/a", null, "org.jitney.I1");

    /** Broadcast signals (and one unicast to a third connection) the emitter sends for every rule. */
    static List<Message> batch(String thirdParty) {
        return List.of(
                Messages.newSignal(A, "Ping", "s", "foobar"),
                Messages.newSignal(new DBusAddress("/org/jitney/a/b", null, "org.jitney.I1"), "Pong", "si",
                        "foobar", 3),
                Messages.newSignal(new DBusAddress("/org/jitney/ab", null, "org.jitney.I2"), "Ping", "o",
                        new ObjectPath("/aa/bb/cc")),
                Messages.newSignal(new DBusAddress("/", null, "org.jitney.I2"), "Ping", "s", "/aa/bb/cc"),
                Messages.newSignal(A, "Ping", "s", "/aa/"),
                Messages.newSignal(new DBusAddress("/other", null, "org.jitney.I1"), "Names", "s",
                        "com.example.backend1.foo"),
                Messages.newSignal(new DBusAddress("/other", null, "org.jitney.I1"), "Names", "s",
                        "com.example.backend10"),
                Messages.newSignal(new DBusAddress("/other", null, "org.jitney.I1"), "Names", "o",
                        new ObjectPath("/com")),
                Messages.newSignal(A, "Ping", "ss", "x", "it's,\\"),
                Messages.newSignal(A, "Ping", "s", "foobar").toBuilder().destination(thirdParty).build(),
                Message.builder(MessageType.SIGNAL).path("/org/jitney/a").interfaceName("org.jitney.I3").member("Ping")
                        .body("s", "com").build());
    }

    static List<MatchRule> routingRules(String emitterUnique, String thirdParty) {
        return List.of(
                MatchRule.builder().build(),
                MatchRule.parse("type='signal'"),
                MatchRule.parse("type='method_call'"),
                MatchRule.parse("interface='org.jitney.I1'"),
                MatchRule.parse("member='Ping'"),
                MatchRule.parse("path='/org/jitney/a'"),
                MatchRule.parse("path_namespace='/org/jitney/a'"),
                MatchRule.parse("path_namespace='/'"),
                MatchRule.parse("sender='" + EMITTER_NAME + "'"),
                MatchRule.parse("sender='" + emitterUnique + "'"),
                MatchRule.parse("sender='org.jitney.test.Nobody'"),
                MatchRule.parse("arg0='foobar'"),
                MatchRule.parse("arg0='/aa/bb/cc'"),
                MatchRule.parse("arg0path='/aa/bb/'"),
                MatchRule.parse("arg0path='/aa/'"),
                MatchRule.parse("arg0path='/aa/bb/cc/dd'"),
                MatchRule.parse("arg0namespace='com.example.backend1'"),
                MatchRule.parse("arg0namespace='com'"),
                MatchRule.builder().arg(1, "it's,\\").build(),
                MatchRule.parse("arg1='3'"),
                MatchRule.parse("type='signal',eavesdrop='true'"),
                MatchRule.parse("arg0='foobar',eavesdrop='true'"),
                MatchRule.parse("destination='" + thirdParty + "',eavesdrop='true'"),
                MatchRule.parse("destination='" + thirdParty + "'"),
                MatchRule.parse("type='signal',sender='" + EMITTER_NAME + "',interface='org.jitney.I1',member='Ping',"
                        + "path_namespace='/org',arg0='foobar'"));
    }

    @Test
    void daemonRoutesWhatMatchesPredicts() throws Exception {
        try (RawBusConnection listener = RawBusConnection.connect(daemon);
                RawBusConnection emitter = RawBusConnection.connect(daemon);
                RawBusConnection third = RawBusConnection.connect(daemon)) {
            assertThat(RequestNameReply.fromReply(emitter.call(BUS.requestName(EMITTER_NAME))))
                    .isEqualTo(RequestNameReply.PRIMARY_OWNER);
            // The listener learns the owner the way a connection will: match, then GetNameOwner.
            var owners = new NameOwnerTracker();
            Replies.empty(listener.call(BUS.addMatch(MatchRule.nameOwnerChangedRule(EMITTER_NAME))));
            assertThat(owners.onGetNameOwnerReply(EMITTER_NAME, listener.call(BUS.getNameOwner(EMITTER_NAME))))
                    .isTrue();
            assertThat(owners.uniqueOwnerOf(EMITTER_NAME)).isEqualTo(emitter.uniqueName());
            Replies.empty(listener.call(BUS.removeMatch(MatchRule.nameOwnerChangedRule(EMITTER_NAME))));

            List<Message> batch = batch(third.uniqueName());
            var mismatches = new ArrayList<String>();
            int delivered = 0;
            for (MatchRule rule : routingRules(emitter.uniqueName(), third.uniqueName())) {
                Replies.empty(listener.call(BUS.addMatch(rule)));
                Set<Integer> sent = new TreeSet<>();
                Set<Integer> expected = new TreeSet<>();
                for (Message m : batch) {
                    int serial = emitter.send(m);
                    sent.add(serial);
                    Message asDelivered = m.toBuilder().sender(emitter.uniqueName()).build();
                    // The daemon's routing adds one condition to matching: a message with a
                    // DESTINATION reaches others only through eavesdrop='true'.
                    if (rule.matches(asDelivered, owners) && (m.destination() == null || rule.eavesdrop())) {
                        expected.add(serial);
                    }
                }
                int sentinel = emitter.send(Messages.newSignal(A, "Sentinel", "").toBuilder()
                        .destination(listener.uniqueName()).build());
                Message end = listener.waitFor(x -> x.serial() == sentinel && "Sentinel".equals(x.member()),
                        Duration.ofSeconds(10));
                assertThat(end).as("sentinel after %s", rule).isNotNull();
                Set<Integer> received = new TreeSet<>();
                for (Message x : listener.drain()) {
                    if (emitter.uniqueName().equals(x.sender()) && sent.contains(x.serial())) {
                        received.add(x.serial());
                    }
                }
                delivered += received.size();
                if (!received.equals(expected)) {
                    mismatches.add(rule + ": daemon delivered " + received + ", matches() predicts " + expected);
                }
                Replies.empty(listener.call(BUS.removeMatch(rule)));
            }
            assertThat(mismatches).isEmpty();
            assertThat(delivered).as("the daemon delivered something at all").isGreaterThan(50);
        }
    }

    @Test
    void trackerFollowsARealOwnerChange() throws Exception {
        String name = "org.jitney.test.Tracked";
        try (RawBusConnection listener = RawBusConnection.connect(daemon); RawBusConnection owner = RawBusConnection.connect(daemon)) {
            var tracker = new NameOwnerTracker();
            MatchRule rule = MatchRule.nameOwnerChangedRule(name);
            Replies.empty(listener.call(BUS.addMatch(rule)));
            Message reply = listener.call(BUS.getNameOwner(name));
            assertThat(reply.errorName()).isEqualTo("org.freedesktop.DBus.Error.NameHasNoOwner");
            assertThat(tracker.onGetNameOwnerReply(name, reply)).isTrue();
            assertThat(tracker.uniqueOwnerOf(name)).isNull();

            assertThat(RequestNameReply.fromReply(owner.call(BUS.requestName(name))))
                    .isEqualTo(RequestNameReply.PRIMARY_OWNER);
            Message acquired = listener.waitFor(rule::matches, Duration.ofSeconds(10));
            assertThat(acquired).isNotNull();
            assertThat(tracker.onMessage(acquired)).isTrue();
            assertThat(tracker.uniqueOwnerOf(name)).isEqualTo(owner.uniqueName());

            Replies.uint32(owner.call(BUS.releaseName(name)));
            Message lost = listener.waitFor(rule::matches, Duration.ofSeconds(10));
            assertThat(lost).isNotNull();
            assertThat(tracker.onMessage(lost)).isTrue();
            assertThat(tracker.uniqueOwnerOf(name)).isNull();
        }
    }
}
