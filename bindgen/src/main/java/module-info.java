/**
 * Jitney bindgen: D-Bus introspection data, parsed ({@code io.jitney.bindgen.introspection}).
 * Needs only {@code jitney-core} and the JDK's {@code java.xml}.
 */
module io.jitney.bindgen {
    requires transitive io.jitney.core;
    requires java.xml;

    exports io.jitney.bindgen.introspection;
}
