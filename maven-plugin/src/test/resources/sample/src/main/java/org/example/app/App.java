package org.example.app;

import io.jitney.message.Message;
import java.util.Map;
import org.example.dbus.Greeter;
import org.example.dbus.GreeterMessages;

/** Uses the generated code, so it compiles only if the generated source root was added. */
public final class App {
    private App() {}

    public static Message greet(String who) {
        return new GreeterMessages("org.example.Greeter", "/org/example/Greeter").greet(who, Map.of());
    }

    public static Class<?> typed() {
        return Greeter.class;
    }
}
