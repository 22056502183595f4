package io.jitney.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected texts are what busctl 252 printed for the same values. */
class BusctlFormatTest {

    static String terse(String signature, Object... values) {
        return BusctlFormat.terse(Signature.of(signature), Arrays.asList(values));
    }

    /** Terse text of what BusctlArgs reads: the format busctl both prints and reads. */
    static String roundTrip(String signature, String... args) {
        return BusctlFormat.terse(Signature.of(signature), BusctlArgs.parse(signature, Arrays.asList(args)));
    }

    @Test
    void everyBasicType() {
        assertThat(terse("ybnqiuxtdsog", (byte) -1, true, (short) -5, 65535, Integer.MIN_VALUE, 4294967295L,
                Long.MIN_VALUE, -1L, 2.5, "hi", new ObjectPath("/x"), Signature.of("a{sv}")))
                .isEqualTo("ybnqiuxtdsog 255 true -5 65535 -2147483648 4294967295 -9223372036854775808 "
                        + "18446744073709551615 2.5 \"hi\" \"/x\" \"a{sv}\"");
        assertThat(terse("h", 4)).isEqualTo("h 4");
    }

    @Test
    void containersAsBusctlPrintsThem() {
        assertThat(roundTrip("as", "2", "a", "b")).isEqualTo("as 2 \"a\" \"b\"");
        assertThat(roundTrip("ay", "3", "1", "2", "255")).isEqualTo("ay 3 1 2 255");
        assertThat(roundTrip("a{sv}", "2", "k", "s", "v", "n", "i", "5")).isEqualTo("a{sv} 2 \"k\" s \"v\" \"n\" i 5");
        assertThat(roundTrip("(is)", "5", "x")).isEqualTo("(is) 5 \"x\"");
        assertThat(roundTrip("v", "s", "hello")).isEqualTo("v s \"hello\"");
        assertThat(roundTrip("v", "v", "i", "3")).isEqualTo("v v i 3");
        assertThat(roundTrip("aay", "2", "1", "5", "0")).isEqualTo("aay 2 1 5 0");
        assertThat(roundTrip("a(sv)", "1", "x", "b", "true")).isEqualTo("a(sv) 1 \"x\" b true");
        assertThat(roundTrip("a{sa{sv}}", "1", "k", "1", "j", "u", "7")).isEqualTo("a{sa{sv}} 1 \"k\" 1 \"j\" u 7");
        assertThat(roundTrip("av", "2", "s", "x", "i", "3")).isEqualTo("av 2 s \"x\" i 3");
        assertThat(roundTrip("(yv)", "1", "ay", "2", "3", "4")).isEqualTo("(yv) 1 ay 2 3 4");
        assertThat(roundTrip("a{ys}", "1", "9", "nine")).isEqualTo("a{ys} 1 9 \"nine\"");
        assertThat(roundTrip("sss", "a", "b", "c")).isEqualTo("sss \"a\" \"b\" \"c\"");
    }

    @Test
    void valuesAsTheReaderGivesThem() {
        var map = new LinkedHashMap<String, Variant>();
        map.put("a", Variant.of("as", List.of("x")));
        assertThat(terse("a{sv}(ib)", map, Struct.of(1, false))).isEqualTo("a{sv}(ib) 1 \"a\" as 1 \"x\" 1 false");
        assertThat(BusctlFormat.terseValue(Signature.of("as").type(), List.of("p", "q"))).isEqualTo("2 \"p\" \"q\"");
    }

    @Test
    void emptyBodyPrintsNothing() {
        assertThat(terse("")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"3.5|3.5", "1e300|1e+300", "0.1|0.1", "123456789|1.23457e+08", "1e-5|1e-05",
        "0.0001|0.0001", "1234567|1.23457e+06", "100000|100000", "1e21|1e+21", "1|1", "-0.25|-0.25",
        "4.9e-324|4.94066e-324", "2.2250738585072014e-308|2.22507e-308", "9.9999995|10", "999999.5|1e+06"})
    void doublesAsPrintfPercentG(double value, String text) {
        assertThat(CFloat.g(value)).isEqualTo(text);
    }

    @Test
    void specialDoubles() {
        assertThat(CFloat.g(-0.0)).isEqualTo("-0");
        assertThat(CFloat.g(0.0)).isEqualTo("0");
        assertThat(CFloat.g(Double.NaN)).isEqualTo("nan");
        assertThat(CFloat.g(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(CFloat.g(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void stringsAreCEscapedByteByByte() {
        assertThat(terse("s", "a\"b\\c\nd\te\u0001f é ☃ \uD83D\uDE00"))
                .isEqualTo("s \"a\\\"b\\\\c\\nd\\te\\001f \\303\\251 \\342\\230\\203 \\360\\237\\230\\200\"");
        assertThat(terse("s", "q'a\u0007 b\b f\f r\r v\u000b del\u007f x\u001f e\u001b ?"))
                .isEqualTo("s \"q\\'a\\a b\\b f\\f r\\r v\\v del\\177 x\\037 e\\033 ?\"");
    }

    @Test
    void longFormAsBusctlVerbose() {
        List<Object> values = BusctlArgs.parse("sa{sv}v(ib)aybdgoxtqnu", List.of("hi", "1", "k", "i", "5", "ay", "2",
                "1", "2", "1", "true", "0", "yes", "2.5", "a{sv}", "/x", "-1", "1", "2", "-3", "4"));
        assertThat(BusctlFormat.verbose(Signature.of("sa{sv}v(ib)aybdgoxtqnu"), values, 0)).isEqualTo("""
                MESSAGE "sa{sv}v(ib)aybdgoxtqnu" {
                        STRING "hi";
                        ARRAY "{sv}" {
                                DICT_ENTRY "sv" {
                                        STRING "k";
                                        VARIANT "i" {
                                                INT32 5;
                                        };
                                };
                        };
                        VARIANT "ay" {
                                ARRAY "y" {
                                        BYTE 1;
                                        BYTE 2;
                                };
                        };
                        STRUCT "ib" {
                                INT32 1;
                                BOOLEAN true;
                        };
                        ARRAY "y" {
                        };
                        BOOLEAN true;
                        DOUBLE 2.5;
                        SIGNATURE "a{sv}";
                        OBJECT_PATH "/x";
                        INT64 -1;
                        UINT64 1;
                        UINT16 2;
                        INT16 -3;
                        UINT32 4;
                };
                """);
    }

    @Test
    void longFormKeepsStringsRawAndIndentsForMonitor() {
        assertThat(BusctlFormat.verbose(Signature.of("s"), List.of("a\"b\nc"), 2))
                .isEqualTo("  MESSAGE \"s\" {\n          STRING \"a\"b\nc\";\n  };\n");
        assertThat(BusctlFormat.verboseValue(Signature.of("as").type(), List.of("x", "y")))
                .isEqualTo("ARRAY \"s\" {\n        STRING \"x\";\n        STRING \"y\";\n};\n");
        assertThat(BusctlFormat.verboseValue(Signature.of("h").type(), 7)).isEqualTo("UNIX_FD 7;\n");
        assertThat(BusctlFormat.verboseValue(Signature.of("a{ys}").type(), Map.of((byte) 1, "one"))).isEqualTo("""
                ARRAY "{ys}" {
                        DICT_ENTRY "ys" {
                                BYTE 1;
                                STRING "one";
                        };
                };
                """);
    }
}
