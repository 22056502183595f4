package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.io.ConnectionOptions;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compile and run: the message generator bindgen writes for {@code kitchen.xml} is compiled in the
 * test together with a driver written against it ({@code drivers/KitchenDriver.java}), and the
 * driver calls a real service on a private dbus-daemon through a {@link BlockingConnection}:
 * struct, dict, variant, unsigned and fd arguments, a multi-value reply, and a NoReply method.
 */
class KitchenRunTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    @TempDir
    Path out;

    @Test
    @SuppressWarnings("unchecked")
    void theGeneratedMessageGeneratorCallsARealService() throws Exception {
        Bindgen.Result generated = Bindgen.fromXml(Fixtures.path("kitchen.xml")).packageName("org.example.kitchen")
                .generate();
        Javac.assertCompiles(generated.files(),
                Map.of("org.example.kitchen.KitchenDriver", Resources.text("/drivers/KitchenDriver.java")), out);

        try (var service = TestService.start(bus.unixPathAddress(), "org.jitney.test.Kitchen", KitchenRunTest::kitchen);
                var conn = BlockingConnection.open(bus.unixPathAddress(), ConnectionOptions.defaults().withUnixFds(true));
                var loader = Javac.loader(out);
                UnixFd fd = TestFds.pipeWith("through a pipe")) {
            var driver = (BiFunction<BlockingConnection, UnixFd, Map<String, Object>>) loader
                    .loadClass("org.example.kitchen.KitchenDriver").getConstructor().newInstance();
            Map<String, Object> results = driver.apply(conn, fd);

            assertThat(results).containsEntry("add", 42)
                    .containsEntry("describe", "spoon x3 {colour=silver}")
                    .containsEntry("swap", List.of(4_000_000_000L, "left"))
                    .containsEntry("lookup", Struct.of(3, 4))
                    .containsEntry("wrap", new Variant(Signature.of("v"), Variant.of("u", 7L)))
                    .containsEntry("readFd", "through a pipe")
                    .containsEntry("sizes", -1L) // 2^64 - 2 + 1 as unsigned bits
                    .containsEntry("fireNoReplyFlag", true)
                    .containsEntry("fired", "whoosh (no reply expected)");
        }
    }

    /** The service side of {@code org.jitney.test.Kitchen}. */
    @SuppressWarnings("unchecked")
    private static Message kitchen(BlockingConnection conn, Message call) {
        List<Object> a = call.body();
        return switch (call.member()) {
            case "Add" -> Messages.newMethodReturn(call, "i", (Integer) a.get(0) + (Integer) a.get(1));
            case "Describe" -> {
                var item = (Struct) a.getFirst();
                var props = new TreeMap<String, Object>();
                ((Map<String, Variant>) item.get(2)).forEach((k, v) -> props.put(k, v.value()));
                yield Messages.newMethodReturn(call, "s", item.get(0) + " x" + item.get(1) + " " + props);
            }
            case "Swap" -> Messages.newMethodReturn(call, "us", a.get(1), a.get(0));
            case "Lookup" -> Messages.newMethodReturn(call, "(ii)", ((Map<String, Struct>) a.get(0)).get((String) a.get(1)));
            case "Wrap" -> Messages.newMethodReturn(call, "v", new Variant(Signature.of("v"), a.getFirst()));
            case "ReadFd" -> {
                try (var fd = (UnixFd) a.getFirst()) {
                    yield Messages.newMethodReturn(call, "s", Files.readString(Path.of("/proc/self/fd/" + fd.fd())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "Sizes" -> Messages.newMethodReturn(call, "t",
                    ((List<Long>) a.getFirst()).stream().mapToLong(Long::longValue).sum());
            case "Fire" -> {
                String note = call.hasFlag(io.jitney.message.MessageFlag.NO_REPLY_EXPECTED)
                        ? " (no reply expected)" : " (a reply was expected)";
                conn.send(Messages.newSignal(new io.jitney.message.DBusAddress("/org/jitney/Kitchen", null,
                        "org.jitney.test.Kitchen"), "Fired", "s", a.getFirst() + note));
                yield null;
            }
            default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", call.member());
        };
    }
}
