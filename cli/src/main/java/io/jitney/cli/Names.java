package io.jitney.cli;

import io.jitney.names.BusName;
import io.jitney.names.InterfaceName;
import io.jitney.names.MemberName;
import io.jitney.wire.ObjectPath;

/** Checks command-line names before anything is sent, with busctl's messages plus the reason. */
final class Names {
    private Names() {}

    static String service(String name) {
        return check(name, BusName.problem(name), "service name");
    }

    static String path(String path) {
        return check(path, ObjectPath.problem(path), "object path");
    }

    static String iface(String name) {
        return check(name, InterfaceName.problem(name), "interface name");
    }

    static String member(String name) {
        return check(name, MemberName.problem(name), "member name");
    }

    private static String check(String value, String problem, String what) {
        if (problem != null) {
            throw new CliException("Invalid " + what + ": " + value + " (" + problem + ")");
        }
        return value;
    }
}
