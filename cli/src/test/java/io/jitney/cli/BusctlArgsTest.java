package io.jitney.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusctlArgsTest {

    static List<Object> parse(String signature, String... args) {
        return BusctlArgs.parse(signature, Arrays.asList(args));
    }

    static Object one(String signature, String... args) {
        return parse(signature, args).getFirst();
    }

    @Nested
    class BasicTypes {
        @Test
        void everyBasicTypeReadsAsItsCanonicalJavaValue() {
            List<Object> v = parse("ybnqiuxtdsog", "255", "yes", "-32768", "65535", "-2147483648", "4294967295",
                    "-9223372036854775808", "18446744073709551615", "2.5", "hello", "/a/b", "a{sv}");
            assertThat(v).containsExactly((byte) -1, true, (short) -32768, 65535, Integer.MIN_VALUE, 4294967295L,
                    Long.MIN_VALUE, -1L, 2.5, "hello", new ObjectPath("/a/b"), Signature.of("a{sv}"));
        }

        @ParameterizedTest
        @CsvSource({"1,true", "yes,true", "y,true", "true,true", "t,true", "on,true", "YES,true", "On,true", "T,true",
            "0,false", "no,false", "n,false", "false,false", "f,false", "off,false", "OFF,false", "N,false"})
        void booleansAsBusctlReadsThem(String text, boolean expected) {
            assertThat(one("b", text)).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "0x10|16", "0X10|16", "010|8", "0o7|7", "0O7|7", "0b101|5", "0B1|1", "' 0x1'|1", "+0x1|1", "-0|0",
            "' +5'|5", "0|0"})
        void integersTakeCsPrefixesAndPythonsToo(String text, long expected) {
            assertThat(((Number) one("u", text)).longValue()).isEqualTo(expected);
            assertThat(((Number) one("x", text)).longValue()).isEqualTo(expected);
        }

        @Test
        void negativeOctalAndHexForSignedTypes() {
            assertThat(one("i", "-010")).isEqualTo(-8);
            assertThat(one("n", "-0x10")).isEqualTo((short) -16);
            assertThat(one("x", "-0x8000000000000000")).isEqualTo(Long.MIN_VALUE);
        }

        @Test
        void unsignedSixtyFourBitsKeepTheBits() {
            assertThat(one("t", "0xffffffffffffffff")).isEqualTo(-1L);
            assertThat(one("t", "9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "3.5|3.5", "' 1.5'|1.5", "1e300|1e300", "-0.25|-0.25", ".5|0.5", "1.|1.0", "0x1p3|8.0", "0x10|16.0",
            "0x1p-1074|4.9E-324", "inf|Infinity", "-Infinity|-Infinity", "INF|Infinity", "-0|-0.0"})
        void doublesAsStrtodReadsThem(String text, double expected) {
            assertThat((Double) one("d", text)).isEqualTo(expected);
        }

        @Test
        void nanInAnySpelling() {
            assertThat((Double) one("d", "nan")).isNaN();
            assertThat((Double) one("d", "NAN")).isNaN();
            assertThat((Double) one("d", "nan(123)")).isNaN();
        }

        @Test
        void stringsAreTakenAsTheyAre() {
            assertThat(one("s", "")).isEqualTo("");
            assertThat(one("s", " spaced \"quoted\" ")).isEqualTo(" spaced \"quoted\" ");
            assertThat(one("s", "-5")).isEqualTo("-5");
        }
    }

    @Nested
    class Containers {
        @Test
        void arrayIsACountThenTheItems() {
            assertThat(one("as", "3", "hello", "world", "foobar")).isEqualTo(List.of("hello", "world", "foobar"));
            assertThat(one("as", "0")).isEqualTo(List.of());
            assertThat(one("ai", "0x2", "1", "-1")).isEqualTo(List.of(1, -1));
        }

        @Test
        void byteArrayIsAByteArray() {
            assertThat((byte[]) one("ay", "3", "1", "2", "255")).containsExactly(1, 2, -1);
            assertThat((byte[]) one("ay", "0")).isEmpty();
        }

        @Test
        void dictIsACountThenKeysAndValuesInOrder() {
            Object v = one("a{sv}", "3", "One", "s", "Eins", "Two", "u", "2", "Yes", "b", "true");
            var expected = new LinkedHashMap<Object, Object>();
            expected.put("One", Variant.of("s", "Eins"));
            expected.put("Two", Variant.of("u", 2L));
            expected.put("Yes", Variant.of("b", true));
            assertThat(v).isEqualTo(expected);
            assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of("One", "Two", "Yes"));
        }

        @Test
        void dictKeysOfEveryBasicType() {
            assertThat(one("a{ys}", "1", "9", "nine")).isEqualTo(Map.of((byte) 9, "nine"));
            assertThat(one("a{ib}", "1", "-3", "yes")).isEqualTo(Map.of(-3, true));
            assertThat(one("a{os}", "1", "/x", "y")).isEqualTo(Map.of(new ObjectPath("/x"), "y"));
        }

        @Test
        void structIsItsFieldsInOrder() {
            assertThat(one("(is)", "5", "x")).isEqualTo(Struct.of(5, "x"));
        }

        @Test
        void variantIsASignatureThenTheValue() {
            assertThat(one("v", "s", "hello")).isEqualTo(Variant.of("s", "hello"));
            assertThat(one("v", "v", "i", "3")).isEqualTo(Variant.of("v", Variant.of("i", 3)));
            assertThat(one("v", "as", "1", "q")).isEqualTo(Variant.of("as", List.of("q")));
        }

        @Test
        void nestedContainers() {
            assertThat(one("aay", "2", "1", "5", "0")).satisfies(v -> {
                var list = (List<?>) v;
                assertThat((byte[]) list.get(0)).containsExactly(5);
                assertThat((byte[]) list.get(1)).isEmpty();
            });
            assertThat(one("a{sa{sv}}", "1", "k", "1", "j", "u", "7"))
                    .isEqualTo(Map.of("k", Map.of("j", Variant.of("u", 7L))));
            assertThat(one("a(sv)", "2", "x", "b", "true", "y", "ai", "1", "4"))
                    .isEqualTo(List.of(Struct.of("x", Variant.of("b", true)), Struct.of("y", Variant.of("ai", List.of(4)))));
            assertThat(one("((ii)as)", "1", "2", "1", "z")).isEqualTo(Struct.of(Struct.of(1, 2), List.of("z")));
            assertThat(one("(yv)", "1", "ay", "2", "3", "4")).satisfies(v -> {
                var s = (Struct) v;
                assertThat(s.get(0)).isEqualTo((byte) 1);
                assertThat((byte[]) ((Variant) s.get(1)).value()).containsExactly(3, 4);
            });
        }

        @Test
        void severalTopLevelValues() {
            assertThat(parse("sas(i)", "a", "1", "b", "7")).containsExactly("a", List.of("b"), Struct.of(7));
            assertThat(parse("")).isEmpty();
        }
    }

    @Nested
    class Errors {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "y|256|Failed to parse '256' as byte (unsigned 8bit integer): Numerical result out of range",
            "y|-1|Failed to parse '-1' as byte (unsigned 8bit integer): Numerical result out of range",
            "y|abc|Failed to parse 'abc' as byte (unsigned 8bit integer): Invalid argument",
            "y|1.5|Failed to parse '1.5' as byte (unsigned 8bit integer): Invalid argument",
            "n|40000|Failed to parse '40000' as signed 16bit integer: Numerical result out of range",
            "q|-1|Failed to parse '-1' as unsigned 16bit integer: Numerical result out of range",
            "q|65536|Failed to parse '65536' as unsigned 16bit integer: Numerical result out of range",
            "i|2147483648|Failed to parse '2147483648' as signed 32bit integer: Numerical result out of range",
            "i|'5 '|Failed to parse '5 ' as signed 32bit integer: Invalid argument",
            "i|08|Failed to parse '08' as signed 32bit integer: Invalid argument",
            "i|1e3|Failed to parse '1e3' as signed 32bit integer: Invalid argument",
            "i|- 5|Failed to parse '- 5' as signed 32bit integer: Invalid argument",
            "i|-0b1|Failed to parse '-0b1' as signed 32bit integer: Invalid argument",
            "u|-010|Failed to parse '-010' as unsigned 32bit integer: Numerical result out of range",
            "u|4294967296|Failed to parse '4294967296' as unsigned 32bit integer: Numerical result out of range",
            "u|0x|Failed to parse '0x' as unsigned 32bit integer: Invalid argument",
            "u|5k|Failed to parse '5k' as unsigned 32bit integer: Invalid argument",
            "x|9223372036854775808|Failed to parse '9223372036854775808' as signed 64bit integer: Numerical result out of range",
            "x|0x8000000000000000|Failed to parse '0x8000000000000000' as signed 64bit integer: Numerical result out of range",
            "t|-1|Failed to parse '-1' as unsigned 64bit integer: Numerical result out of range",
            "t|18446744073709551616|Failed to parse '18446744073709551616' as unsigned 64bit integer: Numerical result out of range",
            "b|maybe|Failed to parse 'maybe' as boolean: Invalid argument",
            "b|2|Failed to parse '2' as boolean: Invalid argument",
            "d|abc|Failed to parse 'abc' as double precision floating point: Invalid argument",
            "d|'1.5 '|Failed to parse '1.5 ' as double precision floating point: Invalid argument",
            "d|1.5d|Failed to parse '1.5d' as double precision floating point: Invalid argument",
            "d|1e400|Failed to parse '1e400' as double precision floating point: Numerical result out of range",
            "d|1e-400|Failed to parse '1e-400' as double precision floating point: Numerical result out of range",
            "d|2.5e-310|Failed to parse '2.5e-310' as double precision floating point: Numerical result out of range",
            "h|0|UNIX file descriptor not supported as type.",
            "as|x|Failed to parse 'x' number of array entries: Invalid argument",
            "as|-1|Failed to parse '-1' number of array entries: Numerical result out of range"})
        void badValuesNameTheArgumentAsBusctlDoes(String signature, String text, String message) {
            assertThatThrownBy(() -> parse(signature, text)).isInstanceOf(BusctlArgs.ArgumentException.class)
                    .hasMessage(message);
        }

        @Test
        void emptyTextIsInvalidForNumbersAndBooleans() {
            assertThatThrownBy(() -> parse("i", "")).hasMessage("Failed to parse '' as signed 32bit integer: Invalid argument");
            assertThatThrownBy(() -> parse("b", "")).hasMessage("Failed to parse '' as boolean: Invalid argument");
            assertThatThrownBy(() -> parse("d", "")).hasMessage(
                    "Failed to parse '' as double precision floating point: Invalid argument");
        }

        @Test
        void tooFewSaysWhichTypeHasNoValue() {
            assertThatThrownBy(() -> parse("s")).hasMessage(
                    "Too few parameters for signature 's': no value for 's' after the signature.");
            assertThatThrownBy(() -> parse("as", "3", "a", "b")).hasMessage(
                    "Too few parameters for signature 'as': no value for 's' after argument 3 'b'.");
            assertThatThrownBy(() -> parse("a{sv}", "1", "k")).hasMessageStartingWith(
                    "Too few parameters for signature 'a{sv}': no value for 'v'");
            assertThatThrownBy(() -> parse("(is)", "1")).hasMessageStartingWith("Too few parameters for signature");
            assertThatThrownBy(() -> parse("as", "1000000000")).hasMessageStartingWith(
                    "Too few parameters for signature 'as': no value for 's'");
        }

        @Test
        void tooManySaysWhatIsLeftOver() {
            assertThatThrownBy(() -> parse("s", "a", "b")).hasMessage(
                    "Too many parameters for signature 's': argument 2 'b' and nothing after it are left over.");
            assertThatThrownBy(() -> parse("", "x", "y")).hasMessage(
                    "Too many parameters for signature '': argument 1 'x' and 1 more after it are left over.");
        }

        @Test
        void invalidPathsSignaturesAndVariantTypes() {
            assertThatThrownBy(() -> parse("o", "notapath")).hasMessageStartingWith(
                    "Failed to parse 'notapath' as object path: must start with '/'");
            assertThatThrownBy(() -> parse("g", "a{")).hasMessageStartingWith("Failed to parse 'a{' as signature:");
            assertThatThrownBy(() -> parse("v", "zz", "1")).hasMessageStartingWith(
                    "Failed to parse 'zz' as variant signature:");
            assertThatThrownBy(() -> parse("v", "ss", "a", "b")).hasMessageStartingWith(
                    "Failed to parse 'ss' as variant signature: a variant holds exactly one");
            assertThatThrownBy(() -> parse("z", "1")).hasMessageStartingWith("Invalid signature 'z':");
        }

        @Test
        void duplicateDictKeysAreRefused() {
            assertThatThrownBy(() -> parse("a{si}", "2", "k", "1", "k", "2")).hasMessage(
                    "Duplicate key 'k' in dictionary 'a{si}' (D-Bus calls such a dictionary corrupt).");
        }
    }
}
