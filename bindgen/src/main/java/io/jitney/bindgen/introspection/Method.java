package io.jitney.bindgen.introspection;

import java.util.List;
import java.util.Objects;

/** A method: its name, its arguments in document order (in and out mixed, as written), annotations, doc. */
public record Method(String name, List<Arg> args, List<Annotation> annotations, String doc) implements Annotated {
    public Method {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        annotations = List.copyOf(annotations);
    }

    /** The {@code in} arguments, in order. */
    public List<Arg> inArgs() {
        return args.stream().filter(a -> a.direction() == Direction.IN).toList();
    }

    /** The {@code out} arguments, in order. */
    public List<Arg> outArgs() {
        return args.stream().filter(a -> a.direction() == Direction.OUT).toList();
    }

    /** True if {@code org.freedesktop.DBus.Method.NoReply} is {@code true}. */
    public boolean isNoReply() {
        return annotation(Annotation.NO_REPLY).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }
}
