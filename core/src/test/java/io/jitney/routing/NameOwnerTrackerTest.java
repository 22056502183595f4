package io.jitney.routing;

import static io.jitney.routing.MatchRuleMatchingTest.nocChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NameOwnerTrackerTest {

    @Test
    void followsNameOwnerChanged() {
        var t = new NameOwnerTracker();
        assertThat(t.uniqueOwnerOf("org.example.A")).isNull();
        assertThat(t.onMessage(nocChange("org.example.A", "", ":1.1"))).isTrue();
        assertThat(t.uniqueOwnerOf("org.example.A")).isEqualTo(":1.1");
        assertThat(t.onMessage(nocChange("org.example.A", ":1.1", ":1.2"))).isTrue();
        assertThat(t.uniqueOwnerOf("org.example.A")).isEqualTo(":1.2");
        assertThat(t.snapshot()).isEqualTo(Map.of("org.example.A", ":1.2"));
        assertThat(t.onMessage(nocChange("org.example.A", ":1.2", ""))).isTrue();
        assertThat(t.uniqueOwnerOf("org.example.A")).isNull();
        assertThat(t.snapshot()).isEmpty();
    }

    @Test
    void ignoresOtherMessagesAndForgeries() {
        var t = new NameOwnerTracker();
        Message forged = nocChange("org.example.A", "", ":1.6").toBuilder().sender(":1.6").build();
        assertThat(t.onMessage(forged)).as("only the bus may announce owners").isFalse();
        Message wrongSig = Message.builder(MessageType.SIGNAL).path("/org/freedesktop/DBus")
                .interfaceName("org.freedesktop.DBus").member("NameOwnerChanged").sender("org.freedesktop.DBus")
                .body("s", "org.example.A").build();
        assertThat(t.onMessage(wrongSig)).isFalse();
        assertThat(t.onMessage(nocChange(":1.6", "", ":1.6"))).as("unique names own themselves").isFalse();
        assertThat(t.onMessage(nocChange("org.example.A", "", "org.example.B"))).isFalse();
        Message acquired = nocChange("org.example.A", "", ":1.6").toBuilder().member("NameAcquired").build();
        assertThat(t.onMessage(acquired)).isFalse();
        assertThat(t.snapshot()).isEmpty();
    }

    @Test
    void setOwnerAndGetNameOwnerReplies() {
        var t = new NameOwnerTracker();
        t.setOwner("org.example.A", ":1.3");
        assertThat(t.uniqueOwnerOf("org.example.A")).isEqualTo(":1.3");
        t.setOwner("org.example.A", null);
        assertThat(t.uniqueOwnerOf("org.example.A")).isNull();
        assertThatThrownBy(() -> t.setOwner(":1.3", ":1.3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unique name");
        assertThatThrownBy(() -> t.setOwner("org.example.A", "org.example.B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a unique name");
        assertThatThrownBy(() -> t.setOwner("bad", ":1.1")).isInstanceOf(IllegalArgumentException.class);

        Message call = Message.builder(MessageType.METHOD_CALL).path("/org/freedesktop/DBus").member("GetNameOwner")
                .destination("org.freedesktop.DBus").build();
        Message sent = reparse(call);
        assertThat(t.onGetNameOwnerReply("org.example.A", Messages.newMethodReturn(sent, "s", ":1.8"))).isTrue();
        assertThat(t.uniqueOwnerOf("org.example.A")).isEqualTo(":1.8");
        assertThat(t.onGetNameOwnerReply("org.example.A",
                Messages.newError(sent, "org.freedesktop.DBus.Error.NameHasNoOwner", "none"))).isTrue();
        assertThat(t.uniqueOwnerOf("org.example.A")).isNull();
        assertThat(t.onGetNameOwnerReply("org.example.A",
                Messages.newError(sent, "org.freedesktop.DBus.Error.AccessDenied", "no"))).isFalse();
        t.setOwner("org.example.B", ":1.2");
        t.forget("org.example.B");
        assertThat(t.uniqueOwnerOf("org.example.B")).isNull();
        t.setOwner("org.example.B", ":1.2");
        t.clear();
        assertThat(t.snapshot()).isEmpty();
        assertThat(t.uniqueOwnerOf(null)).isNull();
    }

    /** A message as it arrives: with a serial, so that it can be replied to. */
    static Message reparse(Message m) {
        var p = new io.jitney.message.MessageParser();
        p.feed(m.serialize(9));
        return p.next();
    }

    @Test
    void safeUnderConcurrentUpdatesAndLookups() throws Exception {
        var t = new NameOwnerTracker();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        var futures = new java.util.ArrayList<java.util.concurrent.Future<Object>>();
        try {
            for (int k = 0; k < threads; k++) {
                int id = k;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2000; i++) {
                        String name = "org.example.N" + (i % 50);
                        t.onMessage(nocChange(name, "", ":" + id + "." + i));
                        String owner = t.uniqueOwnerOf(name);
                        assertThat(owner == null || owner.startsWith(":")).isTrue();
                        if (i % 7 == 0) {
                            t.onMessage(nocChange(name, ":x.1", ""));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
        } finally {
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (var f : futures) {
            f.get(); // rethrows an assertion that failed on a worker
        }
        assertThat(t.snapshot()).hasSizeLessThanOrEqualTo(50);
        assertThat(t.snapshot().values()).allMatch(v -> v.startsWith(":"));
    }
}
