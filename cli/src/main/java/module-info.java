/**
 * The {@code jitney} command: busctl-compatible list, call, introspect, get-property,
 * set-property, emit, monitor and wait, on top of Jitney's blocking connection; and bindgen.
 */
module io.jitney.cli {
    requires io.jitney.core;
    requires io.jitney.bindgen;
    requires info.picocli;
    requires java.xml;

    opens io.jitney.cli to info.picocli;
}
