package io.jitney.testing;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageFlag;
import io.jitney.proxy.MessageGenerator;
import io.jitney.wire.Variant;
import java.util.List;
import java.util.Map;

/** A message generator for {@link ExampleService}, in the seed's style. */
public final class ExampleGenerator extends MessageGenerator {
    public ExampleGenerator(String busName) {
        super(new DBusAddress(ExampleService.PATH, busName, ExampleService.INTERFACE));
    }

    public Message primitives(byte y, boolean b, short n, int q, int i, long u, long x, long t, double d) {
        return newMethodCall("Primitives", "ybnqiuxtd", y, b, n, q, i, u, x, t, d);
    }

    public Message strings(String s, String o, String g) {
        return newMethodCall("Strings", "sog", s, o, g);
    }

    public Message reverse(byte[] bytes) {
        return newMethodCall("Reverse", "ay", (Object) bytes);
    }

    public Message sort(List<String> strings) {
        return newMethodCall("Sort", "as", strings);
    }

    public Message hints(Map<String, Variant> hints) {
        return newMethodCall("Hints", "a{sv}", hints);
    }

    public Message swap(Object pair) {
        return newMethodCall("Swap", "(s(ii))", pair);
    }

    public Message divMod(int dividend, int divisor) {
        return newMethodCall("DivMod", "ii", dividend, divisor);
    }

    public Message identity(Variant v) {
        return newMethodCall("Identity", "v", v);
    }

    public Message fail(String name, String text) {
        return newMethodCall("Fail", "ss", name, text);
    }

    public Message emit(String message, long count) {
        return newMethodCall("Emit", "su", message, count);
    }

    public Message poke(String message) {
        return newMethodCall("Poke", "s", message).toBuilder().flag(MessageFlag.NO_REPLY_EXPECTED, true).build();
    }
}
