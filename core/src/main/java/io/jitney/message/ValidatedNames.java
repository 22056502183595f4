package io.jitney.message;

import io.jitney.names.BusName;
import io.jitney.names.ErrorName;
import io.jitney.names.InterfaceName;
import io.jitney.names.MemberName;

/**
 * Name strings already validated, by identity and kind. The same {@code String} instances come
 * back message after message: a constant an application builds its calls from, a name the
 * parser's symbol cache hands out again. A string is immutable, so the instance that passed
 * once passes again, and only its identity needs comparing.
 *
 * <p>A direct-mapped table shared by all threads without locks: each slot holds one immutable
 * pair, so a reader sees an old pair or a new one, never a value with a kind it was not
 * validated for. A miss only means validating again.
 */
final class ValidatedNames {
    private ValidatedNames() {}

    /** Which rules a name was checked against. */
    enum Kind {
        BUS, INTERFACE, MEMBER, ERROR;

        /** What is wrong with {@code value} as a name of this kind, or {@code null}. */
        String problem(String value) {
            return switch (this) {
                case BUS -> BusName.problem(value);
                case INTERFACE -> InterfaceName.problem(value);
                case MEMBER -> MemberName.problem(value);
                case ERROR -> ErrorName.problem(value);
            };
        }

        /** Throws the name class's own {@link IllegalArgumentException} if {@code value} is invalid. */
        void check(String value) {
            switch (this) {
                case BUS -> BusName.check(value);
                case INTERFACE -> InterfaceName.check(value);
                case MEMBER -> MemberName.check(value);
                case ERROR -> ErrorName.check(value);
            }
        }
    }

    private record Seen(String value, Kind kind) {}

    private static final int SLOTS = 512;
    private static final Seen[] TABLE = new Seen[SLOTS];

    private static int slot(String value, Kind kind) {
        return (System.identityHashCode(value) * 31 + kind.ordinal()) & (SLOTS - 1);
    }

    /** True if this very instance passed as a name of this kind before (and is still remembered). */
    static boolean seen(String value, Kind kind) {
        Seen s = TABLE[slot(value, kind)];
        return s != null && s.value == value && s.kind == kind;
    }

    /** Remembers that {@code value} is a valid name of this kind. */
    static void remember(String value, Kind kind) {
        TABLE[slot(value, kind)] = new Seen(value, kind);
    }

    /**
     * {@code value} if it is a valid name of this kind; else the name class's
     * {@link IllegalArgumentException}. For the message builder.
     */
    static String check(String value, Kind kind) {
        if (!seen(value, kind)) {
            kind.check(value);
            remember(value, kind);
        }
        return value;
    }
}
