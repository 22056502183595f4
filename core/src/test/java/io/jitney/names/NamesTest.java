package io.jitney.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {":1.42", ":1.0", ":a-b.c_d", "org.freedesktop.DBus", "com.example-x.Y", "a.b"})
    void validBusNames(String name) {
        assertThat(BusName.isValid(name)).isTrue();
        assertThat(new BusName(name).isUnique()).isEqualTo(name.startsWith(":"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "org", ".org.x", "org.", "org..x", "org.7zip", "org.a/b", ":", "a.b$"})
    void invalidBusNames(String name) {
        assertThat(BusName.isValid(name)).isFalse();
        assertThatThrownBy(() -> BusName.check(name)).hasMessageContaining("invalid bus name '" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.freedesktop.DBus.Properties", "a.b", "org._7_zip.Plugin", "A_.B9"})
    void validInterfaceAndErrorNames(String name) {
        assertThat(InterfaceName.isValid(name)).isTrue();
        assertThat(ErrorName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "org", "org.7zip", "org.a-b", "org..b", ".a.b", "a.b.", ":1.2"})
    void invalidInterfaceNames(String name) {
        assertThat(InterfaceName.isValid(name)).isFalse();
        assertThat(ErrorName.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GetAll", "_x", "a9", "Hello"})
    void validMemberNames(String name) {
        assertThat(MemberName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9a", "a.b", "a-b", "a b"})
    void invalidMemberNames(String name) {
        assertThat(MemberName.isValid(name)).isFalse();
    }

    @Test
    void namesAreLimitedTo255Characters() {
        String long255 = "a." + "b".repeat(253);
        assertThat(InterfaceName.isValid(long255)).isTrue();
        assertThat(InterfaceName.isValid(long255 + "c")).isFalse();
        assertThat(InterfaceName.problem(long255 + "c")).contains("longer than 255");
    }
}
