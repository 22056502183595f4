package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.io.blocking.BlockingConnection;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.message.Messages;
import io.jitney.testing.DBusDaemonExtension;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KitchenCompileAndRun} against a Jitney service ({@link TestService}, a
 * {@code BlockingConnection} receive loop) written here.
 */
class KitchenRunTest extends KitchenCompileAndRun {
    private static final DBusAddress KITCHEN = new DBusAddress("/org/jitney/Kitchen", null, NAME);
    private static final String PROPERTIES = "org.freedesktop.DBus.Properties";

    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    private static TestService service;
    /** The service's read-write properties {@code Level} and {@code Note}. */
    private static final AtomicLong level = new AtomicLong();
    private static final AtomicReference<Variant> note = new AtomicReference<>(Variant.of("s", ""));

    @BeforeAll
    static void serve() {
        service = TestService.start(bus.unixPathAddress(), NAME, KitchenRunTest::kitchen);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Override
    String address() {
        return bus.unixPathAddress();
    }

    @Override
    void assertServiceLevel(long expected) {
        assertThat(level).hasValue(expected);
    }

    /** The service side of {@code org.jitney.test.Kitchen}, and of its properties. */
    @SuppressWarnings("unchecked")
    private static Message kitchen(BlockingConnection conn, Message call) {
        List<Object> a = call.body();
        if (PROPERTIES.equals(call.interfaceName())) {
            return properties(call, a);
        }
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
                try (InputStream in = ((UnixFd) a.getFirst()).toInputStream()) {
                    yield Messages.newMethodReturn(call, "s", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "Pipe" -> { // the read end goes to the caller; TestService closes ours once sent
                try {
                    var pipe = UnixFd.pipe();
                    try (OutputStream w = pipe.writeEnd().toOutputStream()) {
                        w.write(((String) a.getFirst()).getBytes(StandardCharsets.UTF_8));
                    }
                    yield Messages.newMethodReturn(call, "h", pipe.readEnd());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "Sizes" -> Messages.newMethodReturn(call, "t",
                    ((List<Long>) a.getFirst()).stream().mapToLong(Long::longValue).sum());
            case "Stock" -> {
                long count = (Long) a.get(1);
                conn.send(Messages.newSignal(KITCHEN, "Stocked", "(su)u", Struct.of(a.get(0), count), count + 1));
                yield Messages.newMethodReturn(call, "");
            }
            case "Fire" -> {
                String how = call.hasFlag(MessageFlag.NO_REPLY_EXPECTED) ? " (no reply expected)"
                        : " (a reply was expected)";
                conn.send(Messages.newSignal(KITCHEN, "Fired", "s", a.getFirst() + how));
                yield null;
            }
            default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", call.member());
        };
    }

    /**
     * {@code org.freedesktop.DBus.Properties} for the kitchen: {@code Level} (u, read-write),
     * {@code Shelf} ((su), read-only) and {@code Note} (v, read-write). As sd-bus does, the variant
     * of Get and Set holds the property's value with the property's type: for {@code Note} a
     * variant in the variant; Set with any other type is refused.
     */
    private static Message properties(Message call, List<Object> a) {
        if (!NAME.equals(a.getFirst())) {
            return Messages.newError(call, "org.freedesktop.DBus.Error.UnknownInterface", String.valueOf(a.getFirst()));
        }
        Variant levelValue = Variant.of("u", level.get());
        Variant shelf = Variant.of("(su)", Struct.of("top", 4_000_000_000L));
        Variant noteValue = Variant.of("v", note.get());
        return switch (call.member()) {
            case "Get" -> switch ((String) a.get(1)) {
                case "Level" -> Messages.newMethodReturn(call, "v", levelValue);
                case "Shelf" -> Messages.newMethodReturn(call, "v", shelf);
                case "Note" -> Messages.newMethodReturn(call, "v", noteValue);
                default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownProperty", (String) a.get(1));
            };
            case "GetAll" -> Messages.newMethodReturn(call, "a{sv}", Map.of("Level", levelValue, "Shelf", shelf,
                    "Note", noteValue));
            case "Set" -> switch ((String) a.get(1)) {
                case "Level" -> {
                    level.set((Long) ((Variant) a.get(2)).value());
                    yield Messages.newMethodReturn(call, "");
                }
                case "Note" -> {
                    var value = (Variant) a.get(2);
                    if (!value.signature().toString().equals("v")) {
                        yield Messages.newError(call, "org.freedesktop.DBus.Error.InvalidArgs",
                                "Note has type 'v', not '" + value.signature() + "'");
                    }
                    note.set((Variant) value.value());
                    yield Messages.newMethodReturn(call, "");
                }
                case "Shelf" -> Messages.newError(call, "org.freedesktop.DBus.Error.PropertyReadOnly", "Shelf");
                default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownProperty", (String) a.get(1));
            };
            default -> Messages.newError(call, "org.freedesktop.DBus.Error.UnknownMethod", call.member());
        };
    }
}
