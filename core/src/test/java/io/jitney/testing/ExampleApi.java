package io.jitney.testing;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;
import io.jitney.proxy.DBusError;
import io.jitney.proxy.DBusInterface;
import io.jitney.proxy.DBusMethod;
import io.jitney.proxy.DBusProperty;
import io.jitney.proxy.DBusSignal;
import io.jitney.proxy.DBusType;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The typed interface of {@link ExampleService}: blocking methods, and the same again as futures. */
@DBusInterface(ExampleService.INTERFACE)
public interface ExampleApi {
    @DBusMethod(out = "ybnqiuxtd")
    Primitives primitives(byte y, boolean b, short n, @DBusType("q") int q, int i, @DBusType("u") long u, long x,
            @DBusType("t") long t, double d);

    record Primitives(byte y, boolean b, short n, @DBusType("q") int q, int i, @DBusType("u") long u, long x,
            @DBusType("t") long t, double d) {}

    String strings(String s, ObjectPath o, Signature g);

    byte[] reverse(byte[] bytes);

    List<String> sort(List<String> strings);

    Map<String, Variant> hints(Map<String, Variant> hints);

    Swapped swap(Pair pair);

    record Point(int x, int y) {}

    record Pair(String name, Point point) {}

    record Swapped(Point point, String name) {}

    @DBusMethod(name = "DivMod", out = "ii")
    QuotientRemainder divMod(int dividend, int divisor);

    record QuotientRemainder(int quotient, int remainder) {}

    Variant identity(Variant v);

    @DBusType("t")
    long sum(@DBusType("au") long[] values);

    /** Sends a descriptor (a raw int: not owned, not closed) and gets the service's copy back. */
    UnixFd fd(@DBusType("h") Object fd);

    void fail(String name, String text) throws Custom;

    /** A custom error the service can be asked to reply with. */
    @DBusError("org.example.Jitney.Error.Custom")
    final class Custom extends DBusErrorException {
        private static final long serialVersionUID = 1L;

        public Custom(String errorName, String errorText, Message reply) {
            super(errorName, errorText, reply);
        }
    }

    void emit(String message, @DBusType("u") long count);

    @DBusMethod(noReply = true)
    void poke(String message);

    @DBusSignal("Pinged")
    record Pinged(String message, @DBusType("u") long count) {}

    @DBusProperty("Name")
    String getName();

    @DBusProperty("Name")
    void setName(String name);

    @DBusProperty("Count")
    @DBusType("u")
    long getCount();

    @DBusProperty("Count")
    void setCount(@DBusType("u") long count);

    @DBusProperty("Tags")
    List<String> getTags();

    @DBusProperty("Tags")
    void setTags(List<String> tags);

    // --- the same calls, returning at once ---

    @DBusMethod(name = "DivMod", out = "ii")
    CompletableFuture<QuotientRemainder> divModAsync(int dividend, int divisor);

    @DBusMethod(name = "Swap")
    CompletableFuture<Swapped> swapAsync(Pair pair);

    @DBusMethod(name = "Fail")
    CompletableFuture<Void> failAsync(String name, String text) throws Custom;

    @DBusProperty("Name")
    CompletableFuture<String> nameAsync();

    /** Runs as written, calling the proxy. */
    default String shout(String s) {
        return strings(s.toUpperCase(java.util.Locale.ROOT), new ObjectPath("/"), Signature.of("")).split("\\|")[0];
    }
}
