package io.jitney.bindgen.introspection;

import java.util.List;
import java.util.Objects;

/** A signal: its name, its arguments in order, annotations, doc. */
public record Signal(String name, List<Arg> args, List<Annotation> annotations, String doc) implements Annotated {
    public Signal {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        annotations = List.copyOf(annotations);
    }
}
