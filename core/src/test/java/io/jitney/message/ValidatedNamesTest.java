package io.jitney.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link ValidatedNames} lets a string instance skip validation only for the kind of name it
 * passed as: never another kind, never after failing, and never for an equal string it has not
 * seen.
 */
class ValidatedNamesTest {
    private static Message.Builder call() {
        return Message.builder(MessageType.METHOD_CALL).path("/org/example/Names");
    }

    @Test
    void aStringValidAsOneKindIsStillCheckedAsAnother() {
        String name = new String("Notify"); // a member name, not an interface name (no dot)
        call().member(name).build();
        assertThat(ValidatedNames.seen(name, ValidatedNames.Kind.MEMBER)).isTrue();
        assertThat(ValidatedNames.seen(name, ValidatedNames.Kind.INTERFACE)).isFalse();
        assertThatThrownBy(() -> call().member(name).interfaceName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid interface name 'Notify'");
        assertThatThrownBy(() -> call().member(name).destination(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid bus name 'Notify'");
    }

    @Test
    void anInvalidNameIsRefusedEveryTimeAndNeverRemembered() {
        String bad = new String("org..example");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> call().member("M").interfaceName(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid interface name 'org..example'");
        }
        assertThat(ValidatedNames.seen(bad, ValidatedNames.Kind.INTERFACE)).isFalse();
    }

    @Test
    void onlyTheInstanceThatPassedIsRemembered() {
        String a = new String("org.example.Same");
        String b = new String("org.example.Same");
        call().member("M").interfaceName(a).build();
        assertThat(ValidatedNames.seen(a, ValidatedNames.Kind.INTERFACE)).isTrue();
        assertThat(ValidatedNames.seen(b, ValidatedNames.Kind.INTERFACE)).isFalse();
    }

    @Test
    void aNameTheBuilderAcceptedIsStillCheckedWhenParsedAsAnotherField() {
        // "Ping" passes as a member; on the wire as a DESTINATION it is not a bus name.
        Message ok = call().member("Ping").destination("org.example.Dest").build();
        byte[] bytes = ok.serialize(1);
        String wire = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = wire.indexOf("org.example.Dest");
        byte[] bad = bytes.clone();
        // "org.example.Dest" -> "Ping" padded out with a valid-looking but dotless name of the same length
        byte[] dotless = "PingPingPingPing".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(dotless, 0, bad, at, dotless.length);
        var parser = new MessageParser();
        parser.feed(bad);
        assertThatThrownBy(parser::next)
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("DESTINATION 'PingPingPingPing' is invalid");
    }
}
