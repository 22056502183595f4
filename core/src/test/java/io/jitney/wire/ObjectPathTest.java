package io.jitney.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectPathTest {
    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/org/freedesktop/DBus", "/a_b/C9/_"})
    void valid(String path) {
        assertThat(ObjectPath.isValid(path)).isTrue();
        assertThat(new ObjectPath(path).value()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "/a/", "//", "/a//b", "/a-b", "/a.b", "/é", "/a b"})
    void invalid(String path) {
        assertThat(ObjectPath.isValid(path)).isFalse();
        assertThatThrownBy(() -> new ObjectPath(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid object path '" + path + "'");
    }

    @Test
    void namespaces() {
        var ns = new ObjectPath("/com/example/foo");
        assertThat(new ObjectPath("/com/example/foo").isWithin(ns)).isTrue();
        assertThat(new ObjectPath("/com/example/foo/bar").isWithin(ns)).isTrue();
        assertThat(new ObjectPath("/com/example/foobar").isWithin(ns)).isFalse();
        assertThat(new ObjectPath("/anything").isWithin(ObjectPath.ROOT)).isTrue();
    }
}
