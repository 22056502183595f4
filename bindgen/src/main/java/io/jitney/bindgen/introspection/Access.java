package io.jitney.bindgen.introspection;

/** The access of a property: {@code read}, {@code write} or {@code readwrite}. */
public enum Access {
    READ,
    WRITE,
    READWRITE;

    /** True for {@code read} and {@code readwrite}. */
    public boolean readable() {
        return this != WRITE;
    }

    /** True for {@code write} and {@code readwrite}. */
    public boolean writable() {
        return this != READ;
    }
}
