package io.jitney.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generated messages sent to a real, private dbus-daemon over {@link RawBusConnection}, and
 * the daemon's replies read with the reply helpers. Each test uses fresh connections and names
 * of its own.
 */
class BusDaemonTest {
    private static final String HEX32 = "[0-9a-f]{32}";
    /** A name with a service file whose program exits with status 1 without taking the name. */
    static final String ACTIVATABLE = "org.jitney.test.Activatable";

    @RegisterExtension
    static final DBusDaemonExtension daemon = DBusDaemonExtension.builder()
            .activatableService(ACTIVATABLE, "/bin/sh -c 'exit 1'")
            .build();

    private final MessageBus bus = new MessageBus();

    @Test
    void helloGivesAUniqueName() throws IOException {
        try (RawBusConnection c = RawBusConnection.open(daemon.unixSocket())) {
            assertThat(c.guid()).matches(HEX32);
            String name = c.hello();
            assertThat(name).startsWith(":").isEqualTo(c.uniqueName());
            // The bus then tells us we own it.
            Message acquired = c.waitFor(m -> "NameAcquired".equals(m.member()), Duration.ofSeconds(5));
            assertThat(acquired).isNotNull();
            assertThat(acquired.body()).containsExactly(name);
        }
    }

    @Test
    void requestNameReplyCodesAndQueue() throws IOException {
        String name = "org.jitney.test.Owned";
        try (RawBusConnection a = RawBusConnection.connect(daemon);
                RawBusConnection b = RawBusConnection.connect(daemon);
                RawBusConnection c = RawBusConnection.connect(daemon)) {
            assertThat(RequestNameReply.fromReply(a.call(bus.requestName(name))))
                    .isEqualTo(RequestNameReply.PRIMARY_OWNER);
            assertThat(RequestNameReply.fromReply(a.call(bus.requestName(name))))
                    .isEqualTo(RequestNameReply.ALREADY_OWNER);
            var doNotQueue = EnumSet.of(RequestNameFlag.DO_NOT_QUEUE);
            assertThat(RequestNameReply.fromReply(b.call(bus.requestName(name, doNotQueue))))
                    .isEqualTo(RequestNameReply.EXISTS);
            assertThat(RequestNameReply.fromReply(c.call(bus.requestName(name)))).isEqualTo(RequestNameReply.IN_QUEUE);

            assertThat(Replies.stringList(b.call(bus.listQueuedOwners(name))))
                    .containsExactly(a.uniqueName(), c.uniqueName());
            assertThat(Replies.stringList(b.call(bus.listNames())))
                    .contains(name, "org.freedesktop.DBus", a.uniqueName(), b.uniqueName(), c.uniqueName());
            assertThat(Replies.stringList(b.call(bus.listActivatableNames()))).contains("org.freedesktop.DBus");
            assertThat(Replies.string(b.call(bus.getNameOwner(name)))).isEqualTo(a.uniqueName());
            assertThat(Replies.bool(b.call(bus.nameHasOwner(name)))).isTrue();
            assertThat(Replies.bool(b.call(bus.nameHasOwner("org.jitney.test.Nobody")))).isFalse();
            assertThat(b.call(bus.getNameOwner("org.jitney.test.Nobody")).errorName())
                    .isEqualTo("org.freedesktop.DBus.Error.NameHasNoOwner");

            // Replacement: a allows it, b asks for it.
            int allowReplacement = RequestNameFlag.ALLOW_REPLACEMENT.bit();
            assertThat(RequestNameReply.fromReply(a.call(bus.requestName(name, allowReplacement))))
                    .isEqualTo(RequestNameReply.ALREADY_OWNER);
            var replaceExisting = EnumSet.of(RequestNameFlag.REPLACE_EXISTING);
            assertThat(RequestNameReply.fromReply(b.call(bus.requestName(name, replaceExisting))))
                    .isEqualTo(RequestNameReply.PRIMARY_OWNER);
            assertThat(Replies.string(c.call(bus.getNameOwner(name)))).isEqualTo(b.uniqueName());

            assertThat(ReleaseNameReply.fromReply(c.call(bus.releaseName(name)))).isEqualTo(ReleaseNameReply.RELEASED);
            assertThat(ReleaseNameReply.fromReply(c.call(bus.releaseName(name)))).isEqualTo(ReleaseNameReply.NOT_OWNER);
            assertThat(ReleaseNameReply.fromReply(c.call(bus.releaseName("org.jitney.test.Nobody"))))
                    .isEqualTo(ReleaseNameReply.NON_EXISTENT);
            assertThat(ReleaseNameReply.fromReply(b.call(bus.releaseName(name)))).isEqualTo(ReleaseNameReply.RELEASED);
            assertThat(Replies.string(c.call(bus.getNameOwner(name)))).as("a was queued behind b")
                    .isEqualTo(a.uniqueName());
        }
    }

    @Test
    void connectionCredentials() throws IOException {
        long uid = RawBusConnection.uid();
        long pid = ProcessHandle.current().pid();
        try (RawBusConnection c = RawBusConnection.connect(daemon); RawBusConnection other = RawBusConnection.connect(daemon)) {
            assertThat(Replies.uint32(c.call(bus.getConnectionUnixUser(other.uniqueName())))).isEqualTo(uid);
            assertThat(Replies.uint32(c.call(bus.getConnectionUnixProcessID(other.uniqueName())))).isEqualTo(pid);
            Map<String, Variant> creds = Replies.stringVariantMap(c.call(bus.getConnectionCredentials(c.uniqueName())));
            assertThat(creds.get("UnixUserID")).isEqualTo(Variant.of("u", uid));
            assertThat(creds.get("ProcessID")).isEqualTo(Variant.of("u", pid));
            if (creds.containsKey("UnixGroupIDs")) {
                assertThat(creds.get("UnixGroupIDs").signature().toString()).isEqualTo("au");
            }
            // Not available here: no Solaris ADT, no SELinux label on a unix socket of this machine.
            assertThat(c.call(bus.getAdtAuditSessionData(c.uniqueName())).errorName())
                    .isEqualTo("org.freedesktop.DBus.Error.AdtAuditDataUnknown");
            Message selinux = c.call(bus.getConnectionSELinuxSecurityContext(c.uniqueName()));
            if (selinux.type() == MessageType.ERROR) {
                assertThat(selinux.errorName()).isEqualTo("org.freedesktop.DBus.Error.SELinuxSecurityContextUnknown");
            } else {
                assertThat(Replies.bytes(selinux)).isNotEmpty();
            }
            assertThat(c.call(bus.getConnectionUnixUser("org.jitney.test.Nobody")).errorName())
                    .isEqualTo("org.freedesktop.DBus.Error.NameHasNoOwner");
        }
    }

    @Test
    void idFeaturesInterfacesIntrospectionAndPeer() throws IOException {
        try (RawBusConnection c = RawBusConnection.connect(daemon)) {
            assertThat(Replies.string(c.call(bus.getId()))).matches(HEX32);
            List<String> features = Replies.stringListProperty(c.call(bus.getFeatures()));
            assertThat(features).doesNotContainNull();
            List<String> interfaces = Replies.stringListProperty(c.call(bus.getInterfaces()));
            assertThat(interfaces).contains("org.freedesktop.DBus.Monitoring");
            Map<String, Variant> all = Replies.stringVariantMap(c.call(new Properties(MessageBus.ADDRESS)
                    .getAll(MessageBus.INTERFACE)));
            assertThat(all).containsKeys("Features", "Interfaces");
            assertThat(all.get("Interfaces")).isEqualTo(Variant.of("as", interfaces));
            Message set = c.call(new Properties(MessageBus.ADDRESS).set(MessageBus.INTERFACE, "Features",
                    Variant.of("as", List.of())));
            assertThat(set.errorName()).isEqualTo("org.freedesktop.DBus.Error.PropertyReadOnly");

            String xml = Replies.string(c.call(new Introspectable(MessageBus.ADDRESS).introspect()));
            assertThat(xml).contains("<node").contains("<interface name=\"org.freedesktop.DBus\">")
                    .contains("<method name=\"RequestName\">");

            var peer = new Peer(MessageBus.ADDRESS);
            Replies.empty(c.call(peer.ping()));
            String machineId = Replies.string(c.call(peer.getMachineId()));
            assertThat(machineId).matches(HEX32);
            Path dbusMachineId = Path.of("/var/lib/dbus/machine-id");
            if (Files.isReadable(dbusMachineId)) {
                assertThat(machineId).isEqualTo(Files.readString(dbusMachineId).trim());
            }
            // The bus object is no ObjectManager.
            assertThat(c.call(new ObjectManager(MessageBus.ADDRESS).getManagedObjects()).errorName())
                    .isEqualTo("org.freedesktop.DBus.Error.UnknownInterface");
        }
    }

    @Test
    void addAndRemoveMatchDeliverAndStopDeliveringSignals() throws IOException {
        try (RawBusConnection listener = RawBusConnection.connect(daemon); RawBusConnection emitter = RawBusConnection.connect(daemon)) {
            var from = new DBusAddress("/org/jitney/m", null, "org.jitney.Match");
            MatchRule rule = MatchRule.builder().type(MessageType.SIGNAL).sender(emitter.uniqueName())
                    .interfaceName("org.jitney.Match").arg(0, "it's").build();
            Replies.empty(listener.call(bus.addMatch(rule)));
            emitter.send(Messages.newSignal(from, "Changed", "s", "other"));
            int wanted = emitter.send(Messages.newSignal(from, "Changed", "s", "it's"));
            Message got = listener.waitFor(m -> "Changed".equals(m.member()), Duration.ofSeconds(5));
            assertThat(got).isNotNull();
            assertThat(got.serial()).as("the non-matching signal was not delivered").isEqualTo(wanted);
            assertThat(rule.matches(got)).isTrue();

            Replies.empty(listener.call(bus.removeMatch(rule)));
            assertThat(listener.call(bus.removeMatch(rule)).errorName())
                    .isEqualTo("org.freedesktop.DBus.Error.MatchRuleNotFound");
            emitter.send(Messages.newSignal(from, "Changed", "s", "it's"));
            // Ping round trip through the bus: anything sent before it would have arrived.
            Replies.empty(emitter.call(new Peer(MessageBus.ADDRESS).ping()));
            Replies.empty(listener.call(new Peer(MessageBus.ADDRESS).ping()));
            assertThat(listener.waitFor(m -> "Changed".equals(m.member()), Duration.ofMillis(300))).isNull();

            Message invalid = listener.call(Messages.newMethodCall(MessageBus.ADDRESS, "AddMatch", "s",
                    "type='chouin'"));
            assertThat(invalid.errorName()).isEqualTo("org.freedesktop.DBus.Error.MatchRuleInvalid");
        }
    }

    @Test
    void becomeMonitorOnASecondConnection() throws IOException {
        try (RawBusConnection monitor = RawBusConnection.connect(daemon); RawBusConnection c = RawBusConnection.connect(daemon)) {
            MatchRule rule = MatchRule.builder().interfaceName("org.jitney.Monitored").build();
            Replies.empty(monitor.call(new Monitoring().becomeMonitor(rule)));
            // It loses its unique name.
            Message lost = monitor.waitFor(m -> "NameLost".equals(m.member()), Duration.ofSeconds(5));
            assertThat(lost).isNotNull();
            assertThat(lost.body()).containsExactly(monitor.uniqueName());
            // It sees a unicast call between others, which no match rule would show it.
            Message call = Message.builder(MessageType.METHOD_CALL).path("/x").interfaceName("org.jitney.Monitored")
                    .member("Poke").destination(c.uniqueName()).flag(MessageFlag.NO_REPLY_EXPECTED, true)
                    .build();
            int serial = c.send(call);
            Message seen = monitor.waitFor(m -> "Poke".equals(m.member()), Duration.ofSeconds(5));
            assertThat(seen).isNotNull();
            assertThat(seen.serial()).isEqualTo(serial);
            assertThat(seen.destination()).isEqualTo(c.uniqueName());
            assertThat(rule.matches(seen)).isTrue();
        }
        try (RawBusConnection c = RawBusConnection.connect(daemon)) {
            assertThat(c.call(new Monitoring().becomeMonitor(List.of())).type()).isEqualTo(MessageType.METHOD_RETURN);
        }
    }

    @Test
    void debugStats() throws IOException {
        var stats = new DebugStats();
        try (RawBusConnection c = RawBusConnection.connect(daemon)) {
            Message reply = c.call(stats.getStats());
            Assumptions.assumeFalse(reply.type() == MessageType.ERROR
                            && List.of("org.freedesktop.DBus.Error.UnknownInterface",
                                    "org.freedesktop.DBus.Error.UnknownMethod").contains(reply.errorName()),
                    "this dbus-daemon was built without Debug.Stats (" + reply.errorName() + ")");
            Map<String, Variant> s = Replies.stringVariantMap(reply);
            assertThat(s).containsKeys("Serial", "ActiveConnections", "IncompleteConnections", "MatchRules",
                    "BusNames");
            assertThat(s.get("ActiveConnections").signature().toString()).isEqualTo("u");

            MatchRule rule = MatchRule.builder().member("Counted").build();
            Replies.empty(c.call(bus.addMatch(rule)));
            Map<String, Variant> mine = Replies.stringVariantMap(c.call(stats.getConnectionStats(c.uniqueName())));
            assertThat(mine.get("UniqueName")).isEqualTo(Variant.of("s", c.uniqueName()));
            assertThat(mine.get("MatchRules")).isEqualTo(Variant.of("u", 1L));

            @SuppressWarnings("unchecked")
            Map<String, List<String>> rules =
                    (Map<String, List<String>>) Replies.body(c.call(stats.getAllMatchRules()), "a{sas}").getFirst();
            assertThat(rules.get(c.uniqueName())).containsExactly(rule.serialize());
        }
    }

    @Test
    void activationEnvironmentStartServiceAndReloadConfig() throws IOException {
        try (RawBusConnection c = RawBusConnection.connect(daemon)) {
            // dbus-daemon allows this on a non-system bus to a caller with the daemon's own uid,
            // which the test's private daemon always is.
            Message env = c.call(bus.updateActivationEnvironment(Map.of("JITNEY_TEST", "1")));
            assertThat(env.type()).as("UpdateActivationEnvironment: %s", env).isEqualTo(MessageType.METHOD_RETURN);
            assertThat(env.body()).isEmpty();

            Message start = c.call(bus.startServiceByName("org.jitney.test.NoSuchService"));
            assertThat(start.errorName()).isEqualTo("org.freedesktop.DBus.Error.ServiceUnknown");
            assertThat(Replies.stringList(c.call(bus.listActivatableNames()))).contains(ACTIVATABLE);
            // Its program exits without taking the name.
            Message failed = c.call(bus.startServiceByName(ACTIVATABLE));
            assertThat(failed.errorName()).isEqualTo("org.freedesktop.DBus.Error.Spawn.ChildExited");
            // Owned and activatable: already running. (Owned without a service file is ServiceUnknown:
            // dbus-daemon 1.14 looks for the service file first.)
            assertThat(RequestNameReply.fromReply(c.call(bus.requestName(ACTIVATABLE))))
                    .isEqualTo(RequestNameReply.PRIMARY_OWNER);
            assertThat(StartServiceReply.fromReply(c.call(bus.startServiceByName(ACTIVATABLE))))
                    .isEqualTo(StartServiceReply.ALREADY_RUNNING);
            assertThat(RequestNameReply.fromReply(c.call(bus.requestName("org.jitney.test.Running"))))
                    .isEqualTo(RequestNameReply.PRIMARY_OWNER);
            assertThat(c.call(bus.startServiceByName("org.jitney.test.Running")).errorName())
                    .isEqualTo("org.freedesktop.DBus.Error.ServiceUnknown");
            assertThat(c.call(bus.startServiceByName("org.freedesktop.DBus")).errorName())
                    .isEqualTo("org.freedesktop.DBus.Error.ServiceUnknown");

            Replies.empty(c.call(bus.reloadConfig()));
        }
    }
}
