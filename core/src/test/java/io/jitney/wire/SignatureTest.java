package io.jitney.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SignatureTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "y", "b", "n", "q", "i", "u", "x", "t", "d", "s", "o", "g", "h", "v",
        "ai", "aai", "a{sv}", "a{oa{sa{sv}}}", "(i)", "(i(ii))", "susssasa{sv}i", "a(yv)", "aa{ss}", "a{ya{yv}}", "vv"})
    void acceptsValidSignatures(String text) {
        Signature sig = Signature.of(text);
        assertThat(sig.toString()).isEqualTo(text);
        assertThat(Signature.of(sig.types())).isEqualTo(sig);
        assertThat(Signature.isValid(text)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> position {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "aa|2|must be followed by an element type",
        "(ii|3|is not closed",
        "ii)|2|')' without a matching '('",
        "()|1|empty struct",
        "{sv}|0|only allowed as an array element",
        "a{vs}|2|key must be a basic type",
        "a{(i)s}|2|key must be a basic type",
        "a{s}|3|exactly two types",
        "a{sss}|4|more than two types",
        "a{s|3|exactly two types",
        "z|0|'z' is not a D-Bus type code",
        "ir|1|'r' is not allowed",
        "ae|1|'e' is not allowed",
        "a|1|must be followed by an element type",
    })
    void rejectsInvalidSignaturesSayingWhere(String text, int position, String problem) {
        assertThatThrownBy(() -> Signature.of(text))
                .isInstanceOfSatisfying(SignatureException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.signature()).isEqualTo(text);
                })
                .hasMessageContaining(problem)
                .hasMessageContaining("'" + text + "'");
        assertThat(Signature.isValid(text)).isFalse();
    }

    @Test
    void nestingLimitsAreThirtyTwoArraysAndThirtyTwoStructs() {
        assertThat(Signature.isValid("a".repeat(32) + "i")).isTrue();
        assertThatThrownBy(() -> Signature.of("a".repeat(33) + "i"))
                .isInstanceOf(SignatureException.class).hasMessageContaining("more than 32 nested arrays");
        assertThat(Signature.isValid("(".repeat(32) + "i" + ")".repeat(32))).isTrue();
        assertThatThrownBy(() -> Signature.of("(".repeat(33) + "i" + ")".repeat(33)))
                .isInstanceOf(SignatureException.class).hasMessageContaining("more than 32 nested structs");
        // 32 arrays and 32 structs together: the spec's total of 64 is allowed.
        assertThat(Signature.isValid("a".repeat(32) + "(".repeat(32) + "i" + ")".repeat(32))).isTrue();
    }

    @Test
    void lengthLimitIs255() {
        assertThat(Signature.isValid("i".repeat(255))).isTrue();
        assertThatThrownBy(() -> Signature.of("i".repeat(256)))
                .isInstanceOf(SignatureException.class).hasMessageContaining("longer than 255");
    }

    @Test
    void typesDescribeTheStructure() {
        Signature sig = Signature.of("a{sv}(ia(y))");
        assertThat(sig.types()).hasSize(2);
        var dict = (Type.Array) sig.types().get(0);
        assertThat(dict.isDict()).isTrue();
        assertThat(((Type.DictEntry) dict.element()).key()).isEqualTo(BasicType.STRING);
        var struct = (Type.Struct) sig.types().get(1);
        assertThat(struct.fields()).hasSize(2);
        assertThat(struct.alignment()).isEqualTo(8);
        assertThat(Signature.of("a{sv}").isSingleCompleteType()).isTrue();
        assertThat(Signature.of("ii").isSingleCompleteType()).isFalse();
        assertThatThrownBy(() -> Signature.of("ii").type()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void variantsRequireASingleCompleteType() {
        assertThatThrownBy(() -> new Variant(Signature.of("ii"), List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single complete type");
    }

    @Test
    void inferenceCoversTheCommonJavaTypes() {
        assertThat(Values.inferSignature(List.of("a")).toString()).isEqualTo("as");
        assertThat(Values.inferSignature(java.util.Map.of("k", Variant.of(1))).toString()).isEqualTo("a{sv}");
        assertThat(Values.inferSignature(new byte[0]).toString()).isEqualTo("ay");
        assertThat(Values.inferSignature(Struct.of(1, "x", new ObjectPath("/a"))).toString()).isEqualTo("(iso)");
        record Point(int x, long y) {}
        assertThat(Values.inferSignature(new Point(1, 2)).toString()).isEqualTo("(ix)");
        assertThatThrownBy(() -> Values.inferSignature(List.of()))
                .hasMessageContaining("empty list");
    }
}
