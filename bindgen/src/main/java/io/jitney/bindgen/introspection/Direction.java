package io.jitney.bindgen.introspection;

/** The direction of a method argument; signal arguments are always {@link #OUT}. */
public enum Direction {
    IN,
    OUT
}
