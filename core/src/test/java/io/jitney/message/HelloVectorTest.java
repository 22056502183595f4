package io.jitney.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.wire.ObjectPath;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The first message every client sends, byte for byte, laid out per the spec's "Message Format". */
class HelloVectorTest {
    /**
     * Little-endian Hello, serial 1: fixed header, then fields PATH, INTERFACE, MEMBER,
     * DESTINATION in code order, each 8-aligned (string, NUL, then padding), no body. The
     * field array is 109 bytes (0x6d); the header is padded to 128.
     */
    static final String HELLO_LE = String.join("",
            "6c", "01", "00", "01", "00000000", "01000000", "6d000000",
            "01", "016f00", "15000000", "2f6f72672f667265656465736b746f702f44427573", "00", "0000",
            "02", "017300", "14000000", "6f72672e667265656465736b746f702e44427573", "00", "000000",
            "03", "017300", "05000000", "48656c6c6f", "00", "0000",
            "06", "017300", "14000000", "6f72672e667265656465736b746f702e44427573", "00", "000000");

    static Message hello() {
        return Messages.newMethodCall(
                new DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus"), "Hello", "");
    }

    @Test
    void serializesHelloByteForByte() {
        assertThat(HexFormat.of().formatHex(hello().serialize(1))).isEqualTo(HELLO_LE);
    }

    @Test
    void parsesHello() {
        var parser = new MessageParser();
        parser.feed(HexFormat.of().parseHex(HELLO_LE));
        Message m = parser.next();
        assertThat(m.type()).isEqualTo(MessageType.METHOD_CALL);
        assertThat(m.serial()).isEqualTo(1);
        assertThat(m.path()).isEqualTo(new ObjectPath("/org/freedesktop/DBus"));
        assertThat(m.interfaceName()).isEqualTo("org.freedesktop.DBus");
        assertThat(m.member()).isEqualTo("Hello");
        assertThat(m.destination()).isEqualTo("org.freedesktop.DBus");
        assertThat(m.body()).isEmpty();
        assertThat(parser.next()).isNull();
        assertThat(parser.bytesWanted()).isEqualTo(16);
    }
}
