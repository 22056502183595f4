package io.jitney.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.message.MessageType;
import io.jitney.wire.ObjectPath;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Building, serializing and parsing match rules: spec, "Match Rules". */
class MatchRuleSyntaxTest {

    /** One rule with every key there is (path_namespace excludes path: see the next one). */
    static MatchRule everyKey() {
        return MatchRule.builder()
                .type(MessageType.SIGNAL)
                .sender("org.example.Sender")
                .interfaceName("org.example.Iface")
                .member("Changed")
                .path("/org/example/obj")
                .destination(":1.42")
                .arg(0, "zero")
                .argPath(1, "/aa/bb/")
                .arg(63, "last")
                .eavesdrop(true)
                .build();
    }

    @Test
    void serializesEveryKeyInSpecOrderQuoted() {
        assertThat(everyKey().serialize()).isEqualTo("type='signal',sender='org.example.Sender',"
                + "interface='org.example.Iface',member='Changed',path='/org/example/obj',destination=':1.42',"
                + "arg0='zero',arg1path='/aa/bb/',arg63='last',eavesdrop='true'");
        assertThat(everyKey()).hasToString(everyKey().serialize());
    }

    @Test
    void roundTripsEveryKey() {
        MatchRule r = everyKey();
        MatchRule back = MatchRule.parse(r.serialize());
        assertThat(back).isEqualTo(r);
        assertThat(back.serialize()).isEqualTo(r.serialize());
        assertThat(back.type()).isEqualTo(MessageType.SIGNAL);
        assertThat(back.sender()).isEqualTo("org.example.Sender");
        assertThat(back.interfaceName()).isEqualTo("org.example.Iface");
        assertThat(back.member()).isEqualTo("Changed");
        assertThat(back.path()).isEqualTo(new ObjectPath("/org/example/obj"));
        assertThat(back.pathNamespace()).isNull();
        assertThat(back.destination()).isEqualTo(":1.42");
        assertThat(back.arg(0)).isEqualTo("zero");
        assertThat(back.argPath(1)).isEqualTo("/aa/bb/");
        assertThat(back.arg(1)).isNull();
        assertThat(back.arg(63)).isEqualTo("last");
        assertThat(back.eavesdrop()).isTrue();
        assertThat(back.eavesdropKey()).contains(true);
        assertThat(back.keyCount()).isEqualTo(10);
        assertThat(back.args()).extracting(MatchRule.ArgMatch::key).containsExactly("arg0", "arg1path", "arg63");
    }

    @Test
    void roundTripsPathNamespaceAndArg0Namespace() {
        MatchRule r = MatchRule.builder()
                .type(MessageType.SIGNAL)
                .member("NameOwnerChanged")
                .pathNamespace("/")
                .arg0Namespace("com.example.backend1")
                .argPath(2, "")
                .eavesdrop(false)
                .build();
        assertThat(r.serialize()).isEqualTo("type='signal',member='NameOwnerChanged',path_namespace='/',"
                + "arg0namespace='com.example.backend1',arg2path='',eavesdrop='false'");
        MatchRule back = MatchRule.parse(r.serialize());
        assertThat(back).isEqualTo(r);
        assertThat(back.pathNamespace()).isEqualTo(ObjectPath.ROOT);
        assertThat(back.arg0Namespace()).isEqualTo("com.example.backend1");
        assertThat(back.argPath(2)).isEmpty();
        assertThat(back.eavesdrop()).isFalse();
        assertThat(back.eavesdropKey()).contains(false);
    }

    @Test
    void everyMessageTypeRoundTrips() {
        for (MessageType t : MessageType.values()) {
            MatchRule r = MatchRule.builder().type(t).build();
            assertThat(r.serialize()).isEqualTo("type='" + t.matchRuleName() + "'");
            assertThat(MatchRule.parse(r.serialize()).type()).isEqualTo(t);
        }
    }

    @Test
    void emptyRuleMatchesEverythingAndSerializesEmpty() {
        MatchRule empty = MatchRule.builder().build();
        assertThat(empty.serialize()).isEmpty();
        assertThat(empty.isEmpty()).isTrue();
        assertThat(MatchRule.parse("")).isEqualTo(empty);
        assertThat(MatchRule.parse("  \t\r\n ")).isEqualTo(empty);
        assertThat(empty.eavesdropKey()).isEqualTo(Optional.empty());
    }

    @Test
    void specEscapingExampleQuotedForm() {
        MatchRule r = MatchRule.parse("arg0=''\\''',arg1='\\',arg2=',',arg3='\\\\'");
        assertThat(r.arg(0)).isEqualTo("'");
        assertThat(r.arg(1)).isEqualTo("\\");
        assertThat(r.arg(2)).isEqualTo(",");
        assertThat(r.arg(3)).isEqualTo("\\\\");
        // The serializer writes exactly the spec's quoted form.
        assertThat(r.serialize()).isEqualTo("arg0=''\\''',arg1='\\',arg2=',',arg3='\\\\'");
    }

    @Test
    void specEscapingExampleUnquotedFormGivesTheSameRule() {
        MatchRule quoted = MatchRule.parse("arg0=''\\''',arg1='\\',arg2=',',arg3='\\\\'");
        MatchRule unquoted = MatchRule.parse("arg0=\\',arg1=\\,arg2=',',arg3=\\\\");
        assertThat(unquoted).isEqualTo(quoted);
    }

    @Test
    void apostrophesBackslashesAndCommasRoundTripExactly() {
        String[] values = {"'", "''", "a'b", "'a'", "\\", "\\'", "'\\", "a\\\\b", ",", ",,'", "x=y,z='w'", " lead",
            "trail ",
            "\t", "", "ünïcødé 😀", "\\\\'\\"};
        for (String v : values) {
            MatchRule r = MatchRule.builder().arg(5, v).argPath(6, v).member("M").build();
            String text = r.serialize();
            MatchRule back = MatchRule.parse(text);
            assertThat(back.arg(5)).as("arg5 of %s", text).isEqualTo(v);
            assertThat(back.argPath(6)).as("arg6path of %s", text).isEqualTo(v);
            assertThat(back).isEqualTo(r);
            assertThat(back.serialize()).isEqualTo(text);
        }
    }

    @Test
    void apostropheIsWrittenAsCloseEscapeReopen() {
        assertThat(MatchRule.builder().arg(0, "it's").build().serialize()).isEqualTo("arg0='it'\\''s'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // dbus-daemon's own equality cases (bus/signals.c test_equality), as input pairs
        "member=escape | member='escape'",
        "member=icecream | member=ice'cream'",
        "arg0='comma,type=comma',type=signal | type=signal,arg0='comma,type=comma'",
        "arg0=escap\\e | arg0='escap\\e'",
        "arg0=Time: 8 o\\'clock | arg0='Time: 8 o'\\''clock'",
        // whitespace before keys and around '=' on the key side; a trailing comma
        "\"    type='signal',  \tsender='org.freedes''ktop.DBusSender', member='Foo'''''\""
                + " | type='signal',sender='org.freedesktop.DBusSender',member='Foo'",
        "type ='signal' | type='signal'",
        "type='signal', | type='signal'",
        "\"type='signal',   \" | type='signal'",
        "\"\ttype='signal'\" | type='signal'",
        "\"\r\ntype='signal'\" | type='signal'",
        "eavesdrop='true',eavesdrop='false' | eavesdrop='false'",
    })
    void equivalentSpellingsParseToTheSameRule(String a, String b) {
        assertThat(MatchRule.parse(a)).isEqualTo(MatchRule.parse(b));
    }

    @Test
    void whitespaceAfterEqualsBelongsToTheValue() {
        // As in dbus-daemon: "type= 'signal'" has the value " signal", which is no type.
        assertThatThrownBy(() -> MatchRule.parse("type= 'signal'"))
                .isInstanceOf(MatchRuleSyntaxException.class)
                .hasMessageContaining("type ' signal' is not one of");
        assertThat(MatchRule.parse("arg0= x ").arg(0)).isEqualTo(" x ");
        assertThat(MatchRule.parse("arg0='a' ,arg1='b'").arg(0)).isEqualTo("a ");
    }

    @Test
    void unquotedValuesAndBackslashOutsideQuotes() {
        MatchRule r = MatchRule.parse("type=signal,member=Foo,path=/a/b,arg0=it\\'s,arg1=a\\b");
        assertThat(r.type()).isEqualTo(MessageType.SIGNAL);
        assertThat(r.member()).isEqualTo("Foo");
        assertThat(r.path()).isEqualTo(new ObjectPath("/a/b"));
        assertThat(r.arg(0)).isEqualTo("it's");
        assertThat(r.arg(1)).isEqualTo("a\\b");
    }

    @Test
    void nameOwnerChangedRule() {
        MatchRule r = MatchRule.nameOwnerChangedRule("com.example.Foo");
        assertThat(r.serialize()).isEqualTo("type='signal',sender='org.freedesktop.DBus',"
                + "interface='org.freedesktop.DBus',member='NameOwnerChanged',path='/org/freedesktop/DBus',"
                + "arg0='com.example.Foo'");
        assertThatThrownBy(() -> MatchRule.nameOwnerChangedRule("not a name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid bus name");
    }

    @Test
    void toBuilderCopiesAndEqualityIsByValue() {
        MatchRule r = everyKey();
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        MatchRule changed = r.toBuilder().eavesdrop(null).arg(63, null).build();
        assertThat(changed.serialize()).doesNotContain("eavesdrop").doesNotContain("arg63");
        assertThat(changed).isNotEqualTo(r);
        assertThat(r.toBuilder().path((String) null).pathNamespace("/x").build().pathNamespace())
                .isEqualTo(new ObjectPath("/x"));
    }

    // ---- invalid rules -------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "foo='bar'                          | 0  | unknown key 'foo'",
        "Type='signal'                      | 0  | unknown key 'Type'",
        "service='youpi'                    | 0  | unknown key 'service'",
        "type                               | 4  | key 'type' is not followed by '='",
        "type 'signal'                      | 5  | key 'type' is not followed by '='",
        "type='signal',,member='x'          | 14 | empty key/value pair before ','",
        ",                                  | 0  | empty key/value pair before ','",
        "=foo                               | 0  | empty key before '='",
        "type='signal',=foo                 | 14 | empty key before '='",
        "type='signal                       | 5  | unterminated quote",
        "arg0='a',arg1='b                   | 14 | unterminated quote",
        "type=signal'                       | 11 | unterminated quote",
        "type='chouin'                      | 5  | type 'chouin' is not one of 'signal', 'method_call', "
                + "'method_return', 'error'",
        "type='Signal'                      | 5  | type 'Signal' is not one of",
        "sender=''                          | 7  | invalid sender '': empty",
        "sender='org'                       | 7  | invalid sender 'org': needs at least two elements",
        "sender='org.1foo'                  | 7  | invalid sender 'org.1foo': element of a well-known name "
                + "starts with a digit",
        "interface='abc@def++'              | 10 | invalid interface 'abc@def++': character '@'",
        "interface='org.ex-ample'           | 10 | invalid interface 'org.ex-ample': character '-'",
        "member='Foo.Bar'                   | 7  | invalid member 'Foo.Bar': character '.'",
        "member='1Foo'                      | 7  | invalid member '1Foo': must not start with a digit",
        "path='foo'                         | 5  | invalid path 'foo': must start with '/'",
        "path='/a/'                         | 5  | invalid path '/a/': trailing '/'",
        "path_namespace='/foo/'             | 15 | invalid path_namespace '/foo/': trailing '/'",
        "destination='::1'                  | 12 | invalid destination '::1'",
        "eavesdrop='yes'                    | 10 | eavesdrop='yes' must be 'true' or 'false'",
        "arg64='x'                          | 3  | argument number 64 in key 'arg64' is above the maximum 63",
        "arg300='foo'                       | 3  | argument number 300 in key 'arg300' is above the maximum 63",
        "arg99999999999999999999='foo'      | 3  | is above the maximum 63",
        "arg='foo'                          | 0  | key 'arg' starts with 'arg' but has no argument number",
        "argv='foo'                         | 0  | key 'argv' starts with 'arg' but has no argument number",
        "argument='foo'                     | 0  | key 'argument' starts with 'arg' but has no argument number",
        "arg3junk='foo'                     | 4  | key 'arg3junk' has 'junk' after the argument number",
        "arg0Path='/'                       | 4  | key 'arg0Path' has 'Path' after the argument number",
        "arg01='x'                          | 3  | argument number '01' in key 'arg01' has a leading zero",
        "arg1namespace='foo'                | 0  | only arg0namespace is defined, not 'arg1namespace'",
        "arg0namespace=''                   | 14 | invalid arg0namespace '': empty",
        "arg0namespace='foo.'               | 14 | invalid arg0namespace 'foo.': ends with '.'",
        "arg0namespace='foo.bar..'          | 14 | invalid arg0namespace 'foo.bar..': empty element",
        "arg0namespace='1abc'               | 14 | invalid arg0namespace '1abc': element starts with a digit",
        "arg0namespace='a b'                | 14 | character ' '",
        "type='signal',type='method_call'   | 14 | key 'type' appears more than once",
        "sender=':1.1',sender=':1.2'        | 14 | key 'sender' appears more than once",
        "member='A',member='B'              | 11 | key 'member' appears more than once",
        "interface='a.b',interface='a.b'    | 16 | key 'interface' appears more than once",
        "destination=':1.1',destination=':1.1' | 19 | key 'destination' appears more than once",
        "path='/a',path='/b'                | 10 | key 'path' appears more than once",
        "path_namespace='/a',path_namespace='/b' | 20 | key 'path_namespace' appears more than once",
        "path='/foo',path_namespace='/foo'  | 12 | path and path_namespace cannot be used together",
        "path_namespace='/foo',path='/foo'  | 22 | path and path_namespace cannot be used together",
        "arg0='foo',arg0='bar'              | 11 | key 'arg0' appears more than once",
        "arg30='foo',arg30='bar'            | 12 | key 'arg30' appears more than once",
        "arg0='x',arg0path='/x'             | 9  | argument 0 is matched twice ('arg0' and 'arg0path')",
        "arg0namespace='a',arg0='a'         | 18 | argument 0 is matched twice ('arg0namespace' and 'arg0')",
    })
    void rejectsWithPositionAndReason(String rule, int position, String reason) {
        assertThatThrownBy(() -> MatchRule.parse(rule))
                .isInstanceOfSatisfying(MatchRuleSyntaxException.class, e -> {
                    assertThat(e.position()).as("position in %s", rule).isEqualTo(position);
                    assertThat(e.problem()).contains(reason);
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.getMessage()).startsWith("invalid match rule at position " + position + ": ")
                            .contains(rule);
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arg0='a\0b'", "member='\0'", "arg0='\uD800'", "arg0='\uDC00x'"})
    void rejectsCharactersNoDBusStringCanCarry(String rule) {
        assertThatThrownBy(() -> MatchRule.parse(rule))
                .isInstanceOf(MatchRuleSyntaxException.class)
                .hasMessageMatching("(?s).*(NUL character|unpaired surrogate).*");
    }

    @Test
    void acceptsTheEdgesOfWhatIsValid() {
        assertThat(MatchRule.parse("arg63='x'").arg(63)).isEqualTo("x");
        assertThat(MatchRule.parse("arg0namespace='foo'").arg0Namespace()).isEqualTo("foo");
        assertThat(MatchRule.parse("arg0namespace=':1'").arg0Namespace()).isEqualTo(":1");
        assertThat(MatchRule.parse("arg0namespace='a-b.c_d'").arg0Namespace()).isEqualTo("a-b.c_d");
        assertThat(MatchRule.parse("arg7path='not a path at all'").argPath(7)).isEqualTo("not a path at all");
        assertThat(MatchRule.parse("arg0=''").arg(0)).isEmpty();
        assertThat(MatchRule.parse("destination='org.example.WellKnown'").destination())
                .isEqualTo("org.example.WellKnown");
        assertThat(MatchRule.parse("sender=':1.0'").sender()).isEqualTo(":1.0");
    }

    @Test
    void longRuleTextIsShortenedInTheMessage() {
        String rule = "arg0='" + "x".repeat(500);
        assertThatThrownBy(() -> MatchRule.parse(rule))
                .isInstanceOfSatisfying(MatchRuleSyntaxException.class, e -> {
                    assertThat(e.getMessage()).hasSizeLessThan(320).contains("...");
                    assertThat(e.rule()).isEqualTo(rule);
                });
    }

    // ---- the builder -------------------------------------------------------------------

    @Test
    void builderValidatesEachValue() {
        var b = MatchRule.builder();
        assertThatThrownBy(() -> b.sender("bad name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid bus name 'bad name'");
        assertThatThrownBy(() -> b.interfaceName("nodot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid interface name");
        assertThatThrownBy(() -> b.member("a.b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid method or signal name");
        assertThatThrownBy(() -> b.path("/a/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid object path");
        assertThatThrownBy(() -> b.destination("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.arg(64, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument index 64 is outside 0..63");
        assertThatThrownBy(() -> b.arg(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.arg(0, "a\0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> b.arg0Namespace("a.")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid arg0namespace value 'a.': ends with '.'");
        assertThatThrownBy(() -> new MatchRule.ArgMatch(1, MatchRule.ArgKind.NAMESPACE, "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only arg0namespace is defined");
        assertThat(b.build().isEmpty()).as("failed setters leave the builder unchanged").isTrue();
    }

    @Test
    void builderRefusesExclusiveKeysTogether() {
        assertThatThrownBy(() -> MatchRule.builder().path("/a").pathNamespace("/a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path and path_namespace cannot be used together");
        assertThatThrownBy(() -> MatchRule.builder().pathNamespace("/a").path("/a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path and path_namespace cannot be used together");
        assertThatThrownBy(() -> MatchRule.builder().arg(0, "a").argPath(0, "/a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0 already has the condition arg0");
        assertThatThrownBy(() -> MatchRule.builder().arg(0, "a").arg0Namespace("a"))
                .isInstanceOf(IllegalArgumentException.class);
        // the same key again replaces
        assertThat(MatchRule.builder().arg(0, "a").arg(0, "b").build().arg(0)).isEqualTo("b");
        assertThat(MatchRule.builder().arg(0, "a").clearArgs().argPath(0, "/").build().argPath(0)).isEqualTo("/");
    }

    @Test
    void keyCountAndDaemonLimitsAreExposed() {
        var b = MatchRule.builder();
        for (int i = 0; i < 20; i++) {
            b.arg(i, "v");
        }
        MatchRule r = b.build();
        assertThat(r.keyCount()).isEqualTo(20).isGreaterThan(MatchRule.DBUS_DAEMON_MAX_KEYS);
        assertThat(MatchRule.parse(r.serialize())).isEqualTo(r);
    }
}
