package io.jitney.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

    @Test
    void parsesTheSpecExample() {
        var a = ServerAddress.parse("unix:path=/tmp/dbus-test");
        assertThat(a.transport()).isEqualTo("unix");
        assertThat(a.parameters()).containsExactly(Map.entry("path", "/tmp/dbus-test"));
        assertThat(a.get("path")).contains("/tmp/dbus-test");
        assertThat(a.get("abstract")).isEmpty();
    }

    @Test
    void keepsParameterOrder() {
        var a = ServerAddress.parse("tcp:port=4242,host=127.0.0.1,family=ipv4");
        assertThat(a.parameters().keySet()).containsExactly("port", "host", "family");
        assertThat(a.format()).isEqualTo("tcp:port=4242,host=127.0.0.1,family=ipv4");
    }

    @Test
    void parsesTheSpecListExampleInOrder() {
        var list = ServerAddress.parseList("unix:path=/tmp/dbus-test;unix:path=/tmp/dbus-test2");
        assertThat(list).extracting(a -> a.get("path").orElseThrow())
                .containsExactly("/tmp/dbus-test", "/tmp/dbus-test2");
    }

    @Test
    void listSkipsEmptyEntriesButNotAnEmptyList() {
        assertThat(ServerAddress.parseList("unix:path=/a;;unix:path=/b;")).hasSize(2);
        assertThatThrownBy(() -> ServerAddress.parseList(";"))
                .isInstanceOf(AddressSyntaxException.class).hasMessageContaining("no address");
        assertThatThrownBy(() -> ServerAddress.parseList(""))
                .isInstanceOf(AddressSyntaxException.class);
    }

    @Test
    void transportWithoutParameters() {
        var a = ServerAddress.parse("autolaunch:");
        assertThat(a.transport()).isEqualTo("autolaunch");
        assertThat(a.parameters()).isEmpty();
        assertThat(a.format()).isEqualTo("autolaunch:");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "unix:path=/tmp/a%20b             | /tmp/a b",
        "unix:path=/tmp/%41%42            | /tmp/AB",
        "unix:path=%2ftmp%2Fx             | /tmp/x",
        "unix:path=/tmp/caf%c3%a9         | /tmp/café",
        "unix:path=-_/.*09azAZ            | -_/.*09azAZ",
        "unix:path=a%2cb%3dc%3bd%3ae%25f  | a,b=c;d:e%f",
    })
    void unescapesValues(String address, String path) {
        assertThat(ServerAddress.parse(address).get("path")).contains(path);
    }

    @Test
    void emptyValueIsSyntacticallyFine() {
        assertThat(ServerAddress.parse("unix:path=").get("path")).contains("");
    }

    @Test
    void escapesEverythingOutsideTheOptionalSet() {
        assertThat(ServerAddress.escape("-_/.*azAZ09")).isEqualTo("-_/.*azAZ09");
        assertThat(ServerAddress.escape("a b,c=d;e:f%g")).isEqualTo("a%20b%2cc%3dd%3be%3af%25g");
        assertThat(ServerAddress.escape("é€😀")).isEqualTo("%c3%a9%e2%82%ac%f0%9f%98%80");
        assertThat(ServerAddress.escape("\0")).isEqualTo("%00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "/run/user/1000/bus", "a,b=c;d:e%f", "é€😀", "\u0001\u007f", "%41"})
    void roundTripsAnyValue(String value) {
        var a = ServerAddress.of("unix", "path", value, "guid", "0123456789abcdef0123456789ABCDEF");
        assertThat(ServerAddress.parse(a.format())).isEqualTo(a);
        assertThat(ServerAddress.parse(a.format()).format()).isEqualTo(a.format());
        assertThat(ServerAddress.unescape(ServerAddress.escape(value))).isEqualTo(value);
    }

    @Test
    void roundTripsAList() {
        var list = List.of(ServerAddress.of("unix", "abstract", "/tmp/dbus-x y"),
                ServerAddress.of("tcp", "host", "::1", "port", "1", "family", "ipv6"),
                ServerAddress.of("unixexec", "path", "ssh", "argv1", "-xT", "argv2", "host"));
        String text = ServerAddress.formatList(list);
        assertThat(text).isEqualTo(
                "unix:abstract=/tmp/dbus-x%20y;tcp:host=%3a%3a1,port=1,family=ipv6;unixexec:path=ssh,argv1=-xT,argv2=host");
        assertThat(ServerAddress.parseList(text)).isEqualTo(list);
    }

    @Test
    void guidIsValidatedAndExposed() {
        var a = ServerAddress.parse("unix:path=/x,guid=2ea5e8c9a7d1f4b6c3e0a9b8d7c6f5e4");
        assertThat(a.guid()).contains("2ea5e8c9a7d1f4b6c3e0a9b8d7c6f5e4");
        assertThat(ServerAddress.parse("unix:path=/x").guid()).isEmpty();
        assertThatThrownBy(() -> ServerAddress.parse("unix:path=/x,guid=1234"))
                .isInstanceOf(AddressSyntaxException.class)
                .hasMessageContaining("guid=1234 is not 32 hex digits")
                .extracting(e -> ((AddressSyntaxException) e).index()).isEqualTo(18);
        assertThatThrownBy(() -> ServerAddress.parse("unix:path=/x,guid=0123456789abcdef0123456789abcdeg"))
                .isInstanceOf(AddressSyntaxException.class);
        assertThatThrownBy(() -> ServerAddress.of("unix", "guid", "xyz"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "unix                        | 0  | missing ':'",
        "unix:path=/a;tcp            | 13 | missing ':'",
        ":path=/a                    | 0  | empty transport name",
        "unix:path                   | 5  | missing '='",
        "unix:path=/a,abstract       | 13 | missing '='",
        "unix:=/a                    | 5  | empty key",
        "unix:path=/a,,abstract=b    | 13 | empty key=value pair",
        "unix:path=/a,               | 13 | empty key=value pair",
        "unix:path=/a,path=/b        | 13 | duplicate key \"path\"",
        "unix:path=/a%2              | 12 | two hex digits",
        "unix:path=/a%               | 12 | two hex digits",
        "unix:path=/a%zz             | 12 | two hex digits",
        "unix:path=/a%+1             | 12 | two hex digits",
        "unix:path=/a b              | 12 | must be escaped",
        "unix:path=/a:b              | 12 | must be escaped",
        "unix:path=/a=b              | 12 | must be escaped",
        "unix:path=/é                | 11 | must be escaped",
        "unix:path=%ff               | 10 | not valid UTF-8",
        "un ix:path=/a               | 2  | not allowed in a transport name",
        "unix:pa%74h=/a              | 7  | not allowed in a key",
    })
    void rejectsBadSyntaxNamingAddressAndIndex(String list, int index, String problem) {
        assertThatThrownBy(() -> ServerAddress.parseList(list))
                .isInstanceOfSatisfying(AddressSyntaxException.class, e -> {
                    assertThat(e.address()).isEqualTo(list);
                    assertThat(e.index()).isEqualTo(index);
                    assertThat(e.getMessage()).startsWith("Bad D-Bus address \"" + list + "\" at index " + index)
                            .contains(problem);
                });
    }

    @Test
    void parseRefusesAList() {
        assertThatThrownBy(() -> ServerAddress.parse("unix:path=/a;unix:path=/b"))
                .isInstanceOf(AddressSyntaxException.class).hasMessageContaining("parseList");
    }

    @Test
    void unescapeReportsIndexInTheValue() {
        assertThatThrownBy(() -> ServerAddress.unescape("ab%g0"))
                .isInstanceOfSatisfying(AddressSyntaxException.class, e -> assertThat(e.index()).isEqualTo(2));
    }

    @Test
    void constructorCopiesAndValidates() {
        var map = new LinkedHashMap<String, String>();
        map.put("path", "/x");
        var a = new ServerAddress("unix", map);
        map.put("abstract", "y");
        assertThat(a.parameters()).containsOnlyKeys("path");
        assertThatThrownBy(() -> a.parameters().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ServerAddress.of("", "path", "/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerAddress.of("unix", "pa th", "/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerAddress.of("unix", "path")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerAddress.of("unix", "path", "/a", "path", "/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
    }

    @Test
    void equalityIgnoresParameterOrder() {
        assertThat(ServerAddress.parse("tcp:host=a,port=1")).isEqualTo(ServerAddress.parse("tcp:port=1,host=a"));
    }
}
