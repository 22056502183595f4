/**
 * Jitney bindgen: turns D-Bus introspection XML into Java source — a message generator and a
 * typed interface per D-Bus interface, with records for structs, results and signals.
 *
 * <p>{@code io.jitney.bindgen} is the entry point ({@link io.jitney.bindgen.Bindgen}, and
 * {@link io.jitney.bindgen.BindgenMain} for the command line); {@code io.jitney.bindgen.introspection}
 * is the parsed introspection data, usable on its own. Needs only {@code jitney-core} and the JDK's
 * {@code java.xml}.
 */
module io.jitney.bindgen {
    requires transitive io.jitney.core;
    requires java.xml;

    exports io.jitney.bindgen;
    exports io.jitney.bindgen.introspection;
}
