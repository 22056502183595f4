package io.jitney.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jitney.bindgen.introspection.Arg;
import io.jitney.bindgen.introspection.Interface;
import io.jitney.proxy.DBusInterface;
import io.jitney.proxy.DBusMethod;
import io.jitney.proxy.DBusProperty;
import io.jitney.proxy.TypedProxies;
import io.jitney.testing.SharedReference;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every typed interface bindgen generates passes {@link TypedProxies#validate}: the golden
 * fixtures and every real-world document in {@code shared/reference/introspection} (read in place;
 * skipped, saying where it looked, when the shared directory is absent) are generated, compiled
 * with javax.tools, loaded in a class loader over the output, and each {@code @DBusInterface} is
 * checked as {@code TypedProxies.create} would check it — the generator's Java types and
 * annotations against the proxy runtime's rules.
 */
class GeneratedInterfacesValidateTest {
    @TempDir
    Path out;

    @TestFactory
    Stream<DynamicTest> goldenFixtures() {
        return GoldenFileTest.FIXTURES.stream().map(fixture -> DynamicTest.dynamicTest(fixture, () -> {
            Bindgen bindgen = Bindgen.fromXml(Fixtures.path(fixture)).packageName(Fixtures.packageFor(fixture));
            assertValidates(bindgen, out.resolve(fixture.replace(".xml", "")));
        }));
    }

    @TestFactory
    Stream<DynamicTest> realWorldDocuments() throws IOException {
        Path dir = SharedReference.assumeAvailable("introspection");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".xml"))
                    .filter(p -> !dir.relativize(p).toString().equals(RealWorldXmlTest.INVALID))
                    .sorted().toList();
        }
        assertThat(files).as("introspection documents in " + dir).hasSizeGreaterThan(10);
        return files.stream().map(p -> DynamicTest.dynamicTest(dir.relativize(p).toString(), () -> {
            String pkg = "org.example.real." + RealWorldXmlTest.packageFor(dir.relativize(p));
            assertValidates(Bindgen.fromXml(p).packageName(pkg).includeStandardInterfaces(true), out.resolve(pkg));
        }));
    }

    /**
     * Generates and compiles, loads every generated class and validates each typed interface,
     * then checks that the signatures the runtime derives from its Java types are the XML's
     * (arguments with {@code type=""} left out); fails listing every problem, with the runtime's
     * message.
     */
    static void assertValidates(Bindgen bindgen, Path out) throws Exception {
        Bindgen.Result result = bindgen.generate();
        Javac.assertCompiles(result.files(), out);
        var xml = new HashMap<String, Interface>();
        bindgen.interfaces().forEach(i -> xml.put(i.name(), i));
        var problems = new ArrayList<String>();
        var validated = new ArrayList<String>();
        try (var loader = Javac.loader(out)) {
            for (GeneratedFile f : result.files()) {
                Class<?> c = loader.loadClass(f.className());
                DBusInterface annotation = c.getAnnotation(DBusInterface.class);
                if (annotation == null) {
                    continue;
                }
                try {
                    TypedProxies.validate(c);
                } catch (IllegalArgumentException e) {
                    problems.add(c.getName() + ": " + e.getMessage());
                    continue;
                }
                validated.add(annotation.value());
                problems.addAll(signatureMismatches(c, xml.get(annotation.value())));
            }
        }
        if (!problems.isEmpty()) {
            fail("generated typed interfaces that do not validate or do not match the XML:\n"
                    + String.join("\n", problems));
        }
        assertThat(validated).as("typed interfaces validated").containsExactlyInAnyOrderElementsOf(xml.keySet());
    }

    /** Where the runtime's signatures for {@code type}'s methods differ from the interface's XML. */
    private static List<String> signatureMismatches(Class<?> type, Interface iface) {
        var problems = new ArrayList<String>();
        int calls = 0;
        var properties = new HashSet<String>();
        for (java.lang.reflect.Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue;
            }
            List<String> actual = TypedProxies.signatures(m);
            List<String> expected;
            DBusProperty property = m.getAnnotation(DBusProperty.class);
            if (property != null) {
                properties.add(property.value());
                expected = iface.properties().stream().filter(p -> p.name().equals(property.value()))
                        .map(p -> List.of(p.type().toString(), p.type().toString())).findFirst().orElse(null);
            } else {
                calls++;
                DBusMethod call = m.getAnnotation(DBusMethod.class);
                String member = call != null && !call.name().isEmpty() ? call.name()
                        : Character.toUpperCase(m.getName().charAt(0)) + m.getName().substring(1);
                expected = iface.methods().stream().filter(x -> x.name().equals(member))
                        .map(x -> List.of(signature(x.inArgs()), signature(x.outArgs()))).findFirst().orElse(null);
            }
            if (!actual.equals(expected)) {
                problems.add(type.getName() + "." + m.getName() + ": the runtime derives [in, out] " + actual
                        + ", the XML says " + expected);
            }
        }
        if (calls != iface.methods().size()) {
            problems.add(type.getName() + ": " + calls + " methods for the XML's " + iface.methods().size());
        }
        long typed = iface.properties().stream().filter(p -> !p.type().isEmpty()).count();
        if (properties.size() != typed) {
            problems.add(type.getName() + ": " + properties.size() + " properties for the XML's " + typed);
        }
        return problems;
    }

    private static String signature(List<Arg> args) {
        var sb = new StringBuilder();
        args.forEach(a -> sb.append(a.type()));
        return sb.toString();
    }
}
