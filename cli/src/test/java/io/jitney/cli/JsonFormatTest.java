package io.jitney.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.wire.Signature;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected JSON is what busctl 252 printed with --json=short / --json=pretty for the same values. */
class JsonFormatTest {

    static String json(String signature, String... args) {
        return JsonFormat.body(Signature.of(signature), BusctlArgs.parse(signature, Arrays.asList(args)), false);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "y|255|{\"type\":\"y\",\"data\":[255]}",
        "b|yes|{\"type\":\"b\",\"data\":[true]}",
        "n|-5|{\"type\":\"n\",\"data\":[-5]}",
        "q|65535|{\"type\":\"q\",\"data\":[65535]}",
        "i|-2147483648|{\"type\":\"i\",\"data\":[-2147483648]}",
        "u|4294967295|{\"type\":\"u\",\"data\":[4294967295]}",
        "x|-9223372036854775808|{\"type\":\"x\",\"data\":[-9223372036854775808]}",
        "t|18446744073709551615|{\"type\":\"t\",\"data\":[18446744073709551615]}",
        "d|3.5|{\"type\":\"d\",\"data\":[3.500000000000000000000e+00]}",
        "d|1e300|{\"type\":\"d\",\"data\":[1.000000000000000052505e+300]}",
        "d|0.1|{\"type\":\"d\",\"data\":[1.000000000000000055511e-01]}",
        "d|1e-5|{\"type\":\"d\",\"data\":[1.000000000000000081803e-05]}",
        "d|123456789012345678901234567890|{\"type\":\"d\",\"data\":[1.234567890123456778777e+29]}",
        "d|-0|{\"type\":\"d\",\"data\":[0.000000000000000000000e+00]}",
        "d|nan|{\"type\":\"d\",\"data\":[null]}",
        "d|inf|{\"type\":\"d\",\"data\":[null]}",
        "s|hello|{\"type\":\"s\",\"data\":[\"hello\"]}",
        "o|/a/b|{\"type\":\"o\",\"data\":[\"/a/b\"]}",
        "g|a{sv}|{\"type\":\"g\",\"data\":[\"a{sv}\"]}"})
    void basicTypes(String signature, String arg, String expected) {
        assertThat(json(signature, arg)).isEqualTo(expected);
    }

    @Test
    void containers() {
        assertThat(json("ay", "3", "1", "2", "255")).isEqualTo("{\"type\":\"ay\",\"data\":[[1,2,255]]}");
        assertThat(json("as", "2", "a", "b")).isEqualTo("{\"type\":\"as\",\"data\":[[\"a\",\"b\"]]}");
        assertThat(json("a{sv}", "2", "k", "s", "v", "n", "i", "5"))
                .isEqualTo("{\"type\":\"a{sv}\",\"data\":[{\"k\":{\"type\":\"s\",\"data\":\"v\"},\"n\":{\"type\":\"i\","
                        + "\"data\":5}}]}");
        assertThat(json("(is)", "5", "x")).isEqualTo("{\"type\":\"(is)\",\"data\":[[5,\"x\"]]}");
        assertThat(json("v", "v", "i", "3"))
                .isEqualTo("{\"type\":\"v\",\"data\":[{\"type\":\"v\",\"data\":{\"type\":\"i\",\"data\":3}}]}");
        assertThat(json("aay", "2", "1", "5", "0")).isEqualTo("{\"type\":\"aay\",\"data\":[[[5],[]]]}");
        assertThat(json("a(sv)", "1", "x", "b", "true"))
                .isEqualTo("{\"type\":\"a(sv)\",\"data\":[[[\"x\",{\"type\":\"b\",\"data\":true}]]]}");
        assertThat(json("a{sa{sv}}", "1", "k", "1", "j", "u", "7"))
                .isEqualTo("{\"type\":\"a{sa{sv}}\",\"data\":[{\"k\":{\"j\":{\"type\":\"u\",\"data\":7}}}]}");
        assertThat(json("ad", "2", "1.5", "-0.25"))
                .isEqualTo("{\"type\":\"ad\",\"data\":[[1.500000000000000000000e+00,-2.500000000000000000000e-01]]}");
        assertThat(json("(yv)", "1", "ay", "2", "3", "4"))
                .isEqualTo("{\"type\":\"(yv)\",\"data\":[[1,{\"type\":\"ay\",\"data\":[3,4]}]]}");
        assertThat(json("a{os}", "1", "/x", "nine")).isEqualTo("{\"type\":\"a{os}\",\"data\":[{\"/x\":\"nine\"}]}");
        assertThat(json("sss", "a", "b", "c")).isEqualTo("{\"type\":\"sss\",\"data\":[\"a\",\"b\",\"c\"]}");
        assertThat(json("")).isEqualTo("{\"type\":\"\",\"data\":[]}");
    }

    @Test
    void unixFdIsNull() {
        assertThat(JsonFormat.body(Signature.of("h"), List.of(3), false)).isEqualTo("{\"type\":\"h\",\"data\":[null]}");
    }

    @Test
    void nonStringDictKeysBecomeStrings() {
        assertThat(json("a{ys}", "1", "9", "nine")).isEqualTo("{\"type\":\"a{ys}\",\"data\":[{\"9\":\"nine\"}]}");
        assertThat(json("a{bs}", "1", "yes", "y")).isEqualTo("{\"type\":\"a{bs}\",\"data\":[{\"true\":\"y\"}]}");
    }

    @Test
    void stringEscapes() {
        assertThat(json("s", "q'a\u0007 b\b f\f r\r v\u000b del\u007f x\u001f e\u001b / < \" \\ é"))
                .isEqualTo("{\"type\":\"s\",\"data\":[\"q'a\\u0007 b\\b f\\f r\\r v\\u000b del\u007f x\\u001f e\\u001b / "
                        + "< \\\" \\\\ é\"]}");
    }

    @Test
    void prettyIndentsWithTabsLikeSystemd() {
        String pretty = JsonFormat.body(Signature.of("a{sv}(ib)"),
                BusctlArgs.parse("a{sv}(ib)", List.of("2", "k", "i", "5", "j", "as", "0", "1", "true")), true);
        assertThat(pretty).isEqualTo("""
                {
                \t"type" : "a{sv}(ib)",
                \t"data" : [
                \t\t{
                \t\t\t"k" : {
                \t\t\t\t"type" : "i",
                \t\t\t\t"data" : 5
                \t\t\t},
                \t\t\t"j" : {
                \t\t\t\t"type" : "as",
                \t\t\t\t"data" : []
                \t\t\t}
                \t\t},
                \t\t[
                \t\t\t1,
                \t\t\ttrue
                \t\t]
                \t]
                }""");
        assertThat(JsonFormat.body(Signature.of("a{sv}"), BusctlArgs.parse("a{sv}", List.of("0")), true))
                .isEqualTo("{\n\t\"type\" : \"a{sv}\",\n\t\"data\" : [\n\t\t{}\n\t]\n}");
    }

    @Test
    void typedValueForProperties() {
        assertThat(JsonFormat.typed(Signature.of("as").type(), List.of("A", "B"), false))
                .isEqualTo("{\"type\":\"as\",\"data\":[\"A\",\"B\"]}");
    }
}
