package io.jitney.bindgen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JavaNamesTest {
    @Test
    void membersAreLowerCamel() {
        Map<String, String> cases = Map.of(
                "GetAll", "getAll",
                "URLOpen", "urlOpen",
                "ID", "id",
                "new_value", "newValue",
                "NEW_VALUE", "newValue",
                "Foo-Bar", "fooBar",
                "1st", "_1st",
                "x", "x");
        cases.forEach((dbus, java) -> assertThat(JavaNames.lowerCamel(dbus, "fallback")).as(dbus).isEqualTo(java));
        assertThat(JavaNames.lowerCamel("--", "arg3")).isEqualTo("arg3");
        assertThat(JavaNames.lowerCamel("_", "arg0")).isEqualTo("arg0");
    }

    @Test
    void typesAreUpperCamel() {
        assertThat(JavaNames.upperCamel("zone", "X")).isEqualTo("Zone");
        assertThat(JavaNames.upperCamel("FirewallD1", "X")).isEqualTo("FirewallD1");
        assertThat(JavaNames.upperCamel("foo_bar-baz", "X")).isEqualTo("FooBarBaz");
        assertThat(JavaNames.upperCamel("", "Fallback")).isEqualTo("Fallback");
    }

    @Test
    void keywordsReservedNamesAndForbiddenComponentsGetAnUnderscore() {
        assertThat(JavaNames.escapeMember("class")).isEqualTo("class_");
        assertThat(JavaNames.escapeMember("var")).isEqualTo("var_");
        assertThat(JavaNames.escapeMember("klass")).isEqualTo("klass");
        assertThat(JavaNames.escapeComponent("hashCode")).isEqualTo("hashCode_");
        assertThat(JavaNames.escapeComponent("equals")).isEqualTo("equals");
        assertThat(JavaNames.escapeType("String")).isEqualTo("String_");
        assertThat(JavaNames.escapeType("Strings")).isEqualTo("Strings");
    }

    @Test
    void repeatsAreNumberedInOrder() {
        Set<String> exact = new HashSet<>();
        assertThat(List.of("foo", "foo", "foo_2", "Foo").stream().map(n -> JavaNames.claim(n, exact, false)))
                .containsExactly("foo", "foo_2", "foo_2_2", "Foo");
        Set<String> ignoringCase = new HashSet<>();
        assertThat(List.of("Item", "ITEM", "item").stream().map(n -> JavaNames.claim(n, ignoringCase, true)))
                .containsExactly("Item", "ITEM_2", "item_3");
    }

    @Test
    void packageNames() {
        assertThat(JavaNames.isPackageName("com.example.dbus")).isTrue();
        assertThat(JavaNames.isPackageName("com.example.int")).isFalse();
        assertThat(JavaNames.isPackageName("com..example")).isFalse();
        assertThat(JavaNames.isPackageName("com.1example")).isFalse();
    }

    @Test
    void interfacesTakeMoreComponentsUntilTheirNamesDiffer() {
        Map<String, String> names = CodeGenerator.typeNames(List.of(
                "org.fedoraproject.FirewallD1.zone",
                "org.fedoraproject.FirewallD1.config.zone",
                "org.fedoraproject.FirewallD1.config",
                "org.freedesktop.Notifications",
                "com.example.Notifications",
                "com.example.NotificationsMessages",
                "org.example.a.Entry",
                "org.example.a.entry",
                "org.example.List"));
        assertThat(names).containsExactlyInAnyOrderEntriesOf(Map.of(
                "org.fedoraproject.FirewallD1.zone", "FirewallD1Zone",
                "org.fedoraproject.FirewallD1.config.zone", "ConfigZone",
                "org.fedoraproject.FirewallD1.config", "Config",
                "org.freedesktop.Notifications", "FreedesktopNotifications",
                // equal to the other's generator name at every depth: numbered
                "com.example.Notifications", "ComExampleNotifications",
                "com.example.NotificationsMessages", "ComExampleNotificationsMessages_2",
                "org.example.a.Entry", "OrgExampleAEntry",
                "org.example.a.entry", "OrgExampleAEntry_2",
                "org.example.List", "List_"));
    }
}
