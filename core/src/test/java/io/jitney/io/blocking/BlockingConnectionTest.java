package io.jitney.io.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusErrorException;
import io.jitney.DBusTimeoutException;
import io.jitney.TransportException;
import io.jitney.bus.MessageBus;
import io.jitney.bus.RequestNameReply;
import io.jitney.io.ConnectionOptions;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The blocking connection against a private dbus-daemon. */
class BlockingConnectionTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(5);

    /** A new connection; the bus's NameAcquired signal that follows Hello is taken and checked. */
    static BlockingConnection open() {
        return open(ConnectionOptions.defaults());
    }

    static BlockingConnection open(ConnectionOptions options) {
        var conn = BlockingConnection.open(bus.unixPathAddress(), options);
        Message first = conn.receive(T);
        assertThat(first.member()).isEqualTo("NameAcquired");
        assertThat(first.body()).containsExactly(conn.uniqueName());
        return conn;
    }

    @Test
    void helloGivesAUniqueNameOnEveryTransport() {
        for (String address : List.of(bus.unixPathAddress(), bus.abstractAddress())) {
            try (var conn = BlockingConnection.open(address)) {
                assertThat(conn.uniqueName()).startsWith(":1.");
                assertThat(conn.serverGuid()).hasSize(32);
            }
        }
        var anonymous = ConnectionOptions.defaults().withMechanisms(List.of(new io.jitney.auth.Anonymous()));
        try (var conn = BlockingConnection.open(bus.tcpAddress(), anonymous)) {
            assertThat(conn.uniqueName()).startsWith(":1.");
            assertThat(conn.unixFdsEnabled()).isFalse();
        }
    }

    @Test
    void aListOfAddressesIsTriedInOrder() {
        String list = "unix:path=/nonexistent/jitney-test/bus;" + bus.unixPathAddress();
        try (var conn = BlockingConnection.open(list)) {
            assertThat(conn.uniqueName()).startsWith(":");
        }
    }

    @Test
    void whenEveryAddressFailsTheErrorListsEachAndWhy() {
        String list = "unix:path=/nonexistent/a;unix:tmpdir=/tmp;tcp:host=127.0.0.1,port=1";
        assertThatThrownBy(() -> BlockingConnection.open(list))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("could not connect to any of 3 D-Bus addresses")
                .hasMessageContaining("1. unix:path=/nonexistent/a")
                .hasMessageContaining("2. unix:tmpdir=/tmp — not a client address")
                .hasMessageContaining("3. tcp:host=127.0.0.1,port=1");
    }

    @Test
    void callsTheBusAndUnwrapsTheReply() {
        try (var conn = BlockingConnection.open(bus.unixPathAddress())) {
            var dbus = new MessageBus();
            Message reply = conn.sendAndGetReply(dbus.getNameOwner("org.freedesktop.DBus"), T);
            assertThat(reply.body()).containsExactly("org.freedesktop.DBus");
            Message names = conn.sendAndGetReply(dbus.listNames(), T);
            @SuppressWarnings("unchecked")
            var list = (List<String>) names.body().getFirst();
            assertThat(list).contains("org.freedesktop.DBus", conn.uniqueName());
        }
    }

    @Test
    void errorRepliesBecomeTheDBusErrorException() {
        try (var conn = BlockingConnection.open(bus.unixPathAddress())) {
            var target = new DBusAddress("/x", "org.example.NobodyHome", "org.example.I");
            assertThatThrownBy(() -> conn.sendAndGetReply(Messages.newMethodCall(target, "M", ""), T))
                    .isInstanceOfSatisfying(DBusErrorException.class, e -> {
                        assertThat(e.errorName()).isEqualTo("org.freedesktop.DBus.Error.ServiceUnknown");
                        assertThat(e.errorText()).contains("org.example.NobodyHome");
                        assertThat(e.reply().type()).isEqualTo(MessageType.ERROR);
                    });
        }
    }

    @Test
    void twoConnectionsTalkOnOneThread() {
        try (var service = open(); var client = open()) {
            var target = new DBusAddress("/org/example/Echo", service.uniqueName(), "org.example.Echo");
            int serial = client.send(Messages.newMethodCall(target, "Echo", "s", "hi"));
            Message call = service.receive(T);
            assertThat(call.member()).isEqualTo("Echo");
            assertThat(call.sender()).isEqualTo(client.uniqueName());
            service.send(Messages.newMethodReturn(call, "s", "echo: " + call.body().getFirst()));
            Message reply = client.receive(T);
            assertThat(reply.isReplyTo(serial)).isTrue();
            assertThat(reply.body()).containsExactly("echo: hi");
        }
    }

    @Test
    void timeoutsAreClearAndTheLateReplyIsDiscarded() {
        try (var service = open(); var client = open()) {
            var target = new DBusAddress("/o", service.uniqueName(), "org.example.Slow");
            assertThatThrownBy(() -> client.sendAndGetReply(Messages.newMethodCall(target, "Slow", ""), Duration.ofMillis(200)))
                    .isInstanceOf(DBusTimeoutException.class)
                    .hasMessageContaining("waiting for the reply to Slow");
            Message call = service.receive(T);
            service.send(Messages.newMethodReturn(call, "s", "too late"));
            // The late reply must not surface; the next thing receive() sees is the signal after it.
            client.sendAndGetReply(new MessageBus().addMatch(MatchRule.builder().interfaceName("org.example.Slow").build()), T);
            service.send(Messages.newSignal(new DBusAddress("/o", null, "org.example.Slow"), "After", ""));
            Message next = client.receive(T);
            assertThat(next.type()).isEqualTo(MessageType.SIGNAL);
            assertThat(next.member()).isEqualTo("After");
        }
    }

    @Test
    void messagesArrivingWhileWaitingGoToFiltersOrAreKeptForReceive() {
        try (var emitter = open(); var conn = open()) {
            var changed = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Thing")
                    .member("Changed").build();
            var other = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Thing")
                    .member("Other").build();
            try (var filter = conn.subscribe(changed, 2)) {
                conn.subscribe(other, 100).close(); // keeps nothing locally, so its bus match must be gone too
                var thing = new DBusAddress("/thing", null, "org.example.Thing");
                for (int i = 0; i < 5; i++) {
                    emitter.send(Messages.newSignal(thing, "Changed", "i", i));
                }
                // a direct method call to conn, not matched by any filter: kept for receive()
                emitter.send(Messages.newMethodCall(new DBusAddress("/x", conn.uniqueName(), "org.example.I"), "Poke", ""));
                // The emitter's round trip makes the bus route everything it sent before; conn's
                // round trip then reads all of it (the bus queues conn's reply after it).
                emitter.sendAndGetReply(new MessageBus().getId(), T);
                conn.sendAndGetReply(new MessageBus().getId(), T);
                assertThat(filter.size()).isEqualTo(2);
                assertThat(filter.dropped()).isEqualTo(3);
                assertThat((Integer) filter.poll().body().getFirst()).isEqualTo(3);
                assertThat((Integer) filter.poll().body().getFirst()).isEqualTo(4);
                assertThat(conn.receive(T).member()).isEqualTo("Poke");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> busMatchesOf(BlockingConnection observer, String uniqueName) {
        Message reply = observer.sendAndGetReply(new io.jitney.bus.DebugStats().getAllMatchRules(), T);
        var all = (java.util.Map<String, List<String>>) reply.body().getFirst();
        return all.getOrDefault(uniqueName, List.of());
    }

    @Test
    void theSameRuleSubscribedTwiceIsAddedOnceAndRemovedWithTheLastHandle() {
        try (var observer = open(); var conn = open()) {
            var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Twice").build();
            var first = conn.subscribe(rule, 10);
            var second = conn.subscribe(rule, 10);
            assertThat(busMatchesOf(observer, conn.uniqueName())).containsOnlyOnce(rule.toString());
            first.close();
            assertThat(busMatchesOf(observer, conn.uniqueName())).containsOnlyOnce(rule.toString());
            second.close();
            assertThat(busMatchesOf(observer, conn.uniqueName())).doesNotContain(rule.toString());
        }
    }

    @Test
    void keptMessagesBeyondTheLimitAreDroppedAndCounted() {
        var options = ConnectionOptions.defaults().withKeepLimit(3);
        try (var emitter = open(); var conn = open(options)) {
            var target = new DBusAddress("/x", conn.uniqueName(), "org.example.I");
            for (int i = 0; i < 10; i++) {
                emitter.send(Messages.newMethodCall(target, "Poke", "i", i));
            }
            emitter.sendAndGetReply(new MessageBus().getId(), T); // the bus has routed all ten
            conn.sendAndGetReply(new MessageBus().getId(), T);
            assertThat(conn.droppedMessages()).isEqualTo(7);
            var got = new ArrayList<Integer>();
            for (int i = 0; i < 3; i++) {
                got.add((Integer) conn.receive(T).body().getFirst());
            }
            assertThat(got).containsExactly(7, 8, 9);
        }
    }

    @Test
    void aFilterOnAWellKnownSenderMatchesItsUniqueOwner() {
        try (var owner = open(); var conn = open()) {
            Message r = owner.sendAndGetReply(new MessageBus().requestName("org.example.Owner", 0), T);
            assertThat(RequestNameReply.fromReply(r)).isEqualTo(RequestNameReply.PRIMARY_OWNER);
            var rule = MatchRule.builder().type(MessageType.SIGNAL).sender("org.example.Owner")
                    .interfaceName("org.example.Owner").build();
            try (var filter = conn.subscribe(rule, 10)) {
                owner.send(Messages.newSignal(new DBusAddress("/o", null, "org.example.Owner"), "Ping", ""));
                Message m = filter.receive(T);
                assertThat(m.sender()).isEqualTo(owner.uniqueName()); // the bus stamps the unique name
                assertThat(m.member()).isEqualTo("Ping");
            }
        }
    }

    @Test
    void closeIsIdempotentAndLaterUseFailsClearly() {
        var conn = BlockingConnection.open(bus.unixPathAddress());
        conn.close();
        conn.close();
        assertThatThrownBy(() -> conn.send(new MessageBus().getId()))
                .isInstanceOf(ConnectionClosedException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> conn.receive(Duration.ofMillis(10)))
                .isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void aValueThatDoesNotFitFailsBeforeAnythingIsSent() {
        try (var conn = BlockingConnection.open(bus.unixPathAddress())) {
            var target = new DBusAddress("/x", conn.uniqueName(), "org.example.I");
            assertThatThrownBy(() -> conn.send(Messages.newMethodCall(target, "M", "su", "ok", -1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("argument 1")
                    .hasMessageContaining("-1 is out of range for UINT32");
            // the connection is still fine
            assertThat(conn.sendAndGetReply(new MessageBus().getId(), T).body().getFirst()).asString().hasSize(32);
        }
    }

    @Test
    void aServiceOnAnotherThreadAnswersSendAndGetReply() throws Exception {
        var failure = new AtomicReference<Throwable>();
        try (var service = open(); var client = open()) {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        Message call = service.receive(T);
                        service.send(Messages.newMethodReturn(call, "s", call.body().getFirst()));
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            var target = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            for (int i = 0; i < 50; i++) {
                Message reply = client.sendAndGetReply(Messages.newMethodCall(target, "Echo", "s", "m" + i), T);
                assertThat(reply.body()).containsExactly("m" + i);
            }
            t.join(10_000);
            assertThat(failure.get()).isNull();
        }
    }
}
