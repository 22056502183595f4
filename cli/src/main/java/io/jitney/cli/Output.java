package io.jitney.cli;

import io.jitney.wire.Signature;
import io.jitney.wire.Variant;
import java.util.List;

/** Prints bodies and values in the format the options chose: terse (default), long, or JSON. */
final class Output {
    private Output() {}

    /**
     * A message body (call reply, signal) as busctl prints it; nothing at all for an empty body.
     * The long format ends with a blank line, as busctl's does.
     */
    static void body(Jitney root, Signature signature, List<Object> values) {
        if (signature.isEmpty()) {
            return;
        }
        var out = root.io.out();
        if (root.jsonOutput()) {
            out.println(JsonFormat.body(signature, values, root.prettyJson()));
        } else if (root.verbose) {
            out.println(BusctlFormat.verbose(signature, values, 0));
        } else {
            out.println(BusctlFormat.terse(signature, values));
        }
    }

    /** A property value (the variant's content) as busctl's get-property prints it. */
    static void property(Jitney root, Variant value) {
        var out = root.io.out();
        if (root.jsonOutput()) {
            out.println(JsonFormat.typed(value.type(), value.value(), root.prettyJson()));
        } else if (root.verbose) {
            out.print(BusctlFormat.verboseValue(value.type(), value.value()));
        } else {
            out.println(value.signature() + " " + BusctlFormat.terseValue(value.type(), value.value()));
        }
    }
}
