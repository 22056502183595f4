package org.example.kitchen;

import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.MessageType;
import io.jitney.routing.MatchRule;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Compiled by KitchenRunTest together with the code bindgen generates from kitchen.xml: calls the
 * test service through the generated message generator, as user code would, and returns what came
 * back for the test to check.
 */
public final class KitchenDriver implements BiFunction<BlockingConnection, UnixFd, Map<String, Object>> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Override
    public Map<String, Object> apply(BlockingConnection conn, UnixFd fd) {
        var kitchen = new KitchenMessages("org.jitney.test.Kitchen", "/org/jitney/Kitchen");
        var results = new LinkedHashMap<String, Object>();
        results.put("add", first(conn, kitchen.add(2, 40)));
        results.put("describe", first(conn,
                kitchen.describe(new Kitchen.DescribeItem("spoon", 3L, Map.of("colour", Variant.of("silver"))))));
        results.put("swap", conn.sendAndGetReply(kitchen.swap("left", 4_000_000_000L), TIMEOUT).body());
        results.put("lookup", first(conn, kitchen.lookup(
                Map.of("a", new Kitchen.LookupTable(1, 2), "b", new Kitchen.LookupTable(3, 4)), "b")));
        results.put("wrap", first(conn, kitchen.wrap(Variant.of("u", 7L))));
        results.put("readFd", first(conn, kitchen.readFd(fd)));
        results.put("sizes", first(conn, kitchen.sizes(List.of(-2L, 1L))));

        Message fire = kitchen.fire("whoosh");
        results.put("fireNoReplyFlag", fire.hasFlag(MessageFlag.NO_REPLY_EXPECTED));
        var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName(KitchenMessages.INTERFACE)
                .member("Fired").build();
        try (var fired = conn.subscribe(rule, 8)) {
            conn.send(fire);
            results.put("fired", fired.receive(TIMEOUT).body().getFirst());
        }
        return results;
    }

    private static Object first(BlockingConnection conn, Message call) {
        return conn.sendAndGetReply(call, TIMEOUT).body().getFirst();
    }
}
