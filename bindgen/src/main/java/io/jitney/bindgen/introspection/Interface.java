package io.jitney.bindgen.introspection;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An interface: its members in document order, annotations and doc. */
public record Interface(String name, List<Method> methods, List<Signal> signals, List<Property> properties,
        List<Annotation> annotations, String doc) implements Annotated {
    /**
     * The standard interfaces every object may implement (spec, "Standard Interfaces"), which
     * bindgen skips unless asked for: {@code Peer}, {@code Introspectable}, {@code Properties},
     * {@code ObjectManager}.
     */
    public static final Set<String> STANDARD = Set.of(
            "org.freedesktop.DBus.Peer",
            "org.freedesktop.DBus.Introspectable",
            "org.freedesktop.DBus.Properties",
            "org.freedesktop.DBus.ObjectManager");

    public Interface {
        Objects.requireNonNull(name, "name");
        methods = List.copyOf(methods);
        signals = List.copyOf(signals);
        properties = List.copyOf(properties);
        annotations = List.copyOf(annotations);
    }

    /** True for one of the {@link #STANDARD} interfaces. */
    public boolean isStandard() {
        return STANDARD.contains(name);
    }
}
