package io.jitney.bindgen.internal;

import java.util.List;
import java.util.Set;

/** A Java type in generated code, rendered with imports collected on the way. */
sealed interface JType {
    /** The type as written in a file whose top-level type is {@code scope.topLevel()}. */
    String render(Scope scope);

    /** The type as a generic type argument (boxed). */
    default String renderBoxed(Scope scope) {
        return render(scope);
    }

    /** The erasure, for comparing method signatures with inherited ones. */
    String erasure();

    /** Where a type is written: the file's top-level type and the imports it needs. */
    record Scope(String topLevel, Set<String> imports) {}

    record Primitive(String name, String box) implements JType {
        @Override
        public String render(Scope scope) {
            return name;
        }

        @Override
        public String renderBoxed(Scope scope) {
            return box;
        }

        @Override
        public String erasure() {
            return name;
        }
    }

    /** {@code byte[]} for {@code ay}. */
    record ByteArray() implements JType {
        @Override
        public String render(Scope scope) {
            return "byte[]";
        }

        @Override
        public String erasure() {
            return "byte[]";
        }
    }

    /** A library class ({@code java.lang} ones are not imported), possibly generic. */
    record External(String packageName, String simpleName, List<JType> args) implements JType {
        External(String packageName, String simpleName) {
            this(packageName, simpleName, List.of());
        }

        @Override
        public String render(Scope scope) {
            if (!packageName.equals("java.lang")) {
                scope.imports().add(packageName + "." + simpleName);
            }
            if (args.isEmpty()) {
                return simpleName;
            }
            var sb = new StringBuilder(simpleName).append('<');
            for (int i = 0; i < args.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(args.get(i).renderBoxed(scope));
            }
            return sb.append('>').toString();
        }

        @Override
        public String erasure() {
            return packageName + "." + simpleName;
        }
    }

    /** A record nested in a generated typed interface. */
    record Nested(String outer, String simpleName) implements JType {
        @Override
        public String render(Scope scope) {
            return scope.topLevel().equals(outer) ? simpleName : outer + "." + simpleName;
        }

        @Override
        public String erasure() {
            return outer + "." + simpleName;
        }
    }
}
