package io.jitney.bindgen;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The XML fixtures in {@code src/test/resources/fixtures}, written for these tests. */
final class Fixtures {
    private Fixtures() {}

    static Path path(String name) {
        return resource("/fixtures/" + name);
    }

    /** A test resource as a file (the test classes are a directory, not a jar). */
    static Path resource(String name) {
        URL url = Fixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The package the golden files of a fixture are generated in: {@code org.example.<name without dashes>}. */
    static String packageFor(String fixture) {
        return "org.example." + fixture.replace(".xml", "").replace("-", "");
    }
}
