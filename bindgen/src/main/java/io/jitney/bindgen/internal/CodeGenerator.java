package io.jitney.bindgen.internal;

import io.jitney.bindgen.GeneratedFile;
import io.jitney.bindgen.introspection.Interface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Names the top-level types of a set of interfaces and generates their files.
 *
 * <p>An interface's typed interface is named after the last component of its D-Bus name in
 * UpperCamel ({@code org.freedesktop.portal.FileChooser} → {@code FileChooser}) and its message
 * generator gets the suffix {@code Messages}. Where two interfaces would get names equal ignoring
 * case (file names must differ on every file system), all of them take one more component, and so
 * on ({@code …FirewallD1.zone} and {@code …FirewallD1.config.zone} → {@code FirewallD1Zone} and
 * {@code ConfigZone}); if the components run out, {@code _2}, {@code _3}, ... in order of D-Bus name.
 */
public final class CodeGenerator {
    private CodeGenerator() {}

    /** An interface to generate, and where it came from (for the header comment). */
    public record Input(Interface iface, String source) {}

    /** Files for all inputs, sorted by class name; problems worth knowing go to {@code warn}. */
    public static List<GeneratedFile> generate(List<Input> inputs, String packageName, Consumer<String> warn) {
        var sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparing(i -> i.iface().name()));
        Map<String, String> names = typeNames(sorted.stream().map(i -> i.iface().name()).toList());
        var files = new ArrayList<GeneratedFile>();
        for (Input in : sorted) {
            String typed = names.get(in.iface().name());
            var gen = new InterfaceGenerator(in.iface(), packageName, typed, typed + "Messages", in.source(), warn);
            files.add(gen.typedInterface());
            files.add(gen.messageGenerator());
        }
        files.sort(Comparator.comparing(GeneratedFile::className));
        return files;
    }

    /** D-Bus interface name → Java simple name of its typed interface. */
    static Map<String, String> typeNames(List<String> interfaceNames) {
        Map<String, Integer> depth = new HashMap<>();
        interfaceNames.forEach(n -> depth.put(n, 1));
        Map<String, String> names = new HashMap<>();
        while (true) {
            names.clear();
            for (String n : interfaceNames) {
                names.put(n, candidate(n, depth.get(n)));
            }
            Set<String> clashing = clashing(interfaceNames, names);
            if (clashing.isEmpty()) {
                return names;
            }
            boolean deeper = false;
            for (String n : clashing) {
                if (depth.get(n) < n.split("\\.").length) {
                    depth.put(n, depth.get(n) + 1);
                    deeper = true;
                }
            }
            if (!deeper) {
                break;
            }
        }
        // Components exhausted (names equal ignoring case): number them in order.
        Set<String> taken = new HashSet<>();
        Map<String, String> result = new HashMap<>();
        for (String n : interfaceNames) {
            String base = names.get(n);
            String name = base;
            for (int i = 2; taken.contains(name.toLowerCase(Locale.ROOT))
                    || taken.contains((name + "Messages").toLowerCase(Locale.ROOT)); i++) {
                name = base + "_" + i;
            }
            taken.add(name.toLowerCase(Locale.ROOT));
            taken.add((name + "Messages").toLowerCase(Locale.ROOT));
            result.put(n, name);
        }
        return result;
    }

    private static String candidate(String interfaceName, int depth) {
        String[] parts = interfaceName.split("\\.");
        var sb = new StringBuilder();
        for (int i = Math.max(0, parts.length - depth); i < parts.length; i++) {
            sb.append(JavaNames.upperCamel(parts[i], "I"));
        }
        return JavaNames.escapeType(sb.toString());
    }

    /** The interfaces whose typed-interface or generator name equals another's, ignoring case. */
    private static Set<String> clashing(List<String> interfaceNames, Map<String, String> names) {
        Map<String, List<String>> owners = new HashMap<>();
        for (String n : interfaceNames) {
            String t = names.get(n).toLowerCase(Locale.ROOT);
            owners.computeIfAbsent(t, k -> new ArrayList<>()).add(n);
            owners.computeIfAbsent(t + "messages", k -> new ArrayList<>()).add(n);
        }
        Set<String> out = new HashSet<>();
        for (List<String> o : owners.values()) {
            if (o.size() > 1) {
                out.addAll(o);
            }
        }
        return out;
    }
}
