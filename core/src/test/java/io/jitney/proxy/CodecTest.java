package io.jitney.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.internal.wire.PrimitiveLists;
import io.jitney.message.Message;
import io.jitney.message.MessageParser;
import io.jitney.message.MessageType;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Type;
import java.lang.reflect.ParameterizedType;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conversions between Java values and wire values, checked through a real serialize and parse. */
class CodecTest {
    record Inner(@DBusType("u") long id, List<String> tags) {}

    record Outer(Inner inner, int[] counts, Map<String, Inner> more) {}

    interface Holder {
        List<Byte> bytes();

        Map<String, List<Inner>> nested();
    }

    static java.lang.reflect.Type generic(String method) throws NoSuchMethodException {
        return Holder.class.getMethod(method).getGenericReturnType();
    }

    static Codec codec(java.lang.reflect.Type type, String dbus) {
        return Codec.of(type, dbus == null ? null : Signature.of(dbus).type());
    }

    /** Writes the value with the codec's signature, parses the message back, converts to Java. */
    static Object roundTrip(Codec codec, Object value) {
        Message m = Message.builder(MessageType.SIGNAL).path("/x").interfaceName("org.example.X").member("Y")
                .body(Signature.of(codec.signature()), List.of(codec.toWire(value))).build();
        var parser = new MessageParser();
        parser.feed(m.serialize(1));
        Message read = parser.next();
        return codec.fromWire(read.body().getFirst());
    }

    @Test
    void unsignedValuesRoundTripIntoWideJavaTypes() {
        assertThat(roundTrip(codec(long.class, "u"), 4294967295L)).isEqualTo(4294967295L);
        assertThat(roundTrip(codec(int.class, "q"), 65535)).isEqualTo(65535);
        assertThat(roundTrip(codec(int.class, "y"), 255)).isEqualTo(255);
        assertThat(roundTrip(codec(short.class, "y"), (short) 200)).isEqualTo((short) 200);
        assertThat(roundTrip(codec(long.class, "t"), -1L)).isEqualTo(-1L);
        assertThat(roundTrip(codec(BigInteger.class, "t"), new BigInteger("18446744073709551615")))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(roundTrip(codec(String.class, "o"), "/a/b")).isEqualTo("/a/b");
        assertThat(roundTrip(codec(String.class, "g"), "a{sv}")).isEqualTo("a{sv}");
        assertThat(roundTrip(codec(ObjectPath.class, null), new ObjectPath("/p"))).isEqualTo(new ObjectPath("/p"));
    }

    @Test
    void primitiveArraysRoundTripWithEveryElementType() {
        assertThat((int[]) roundTrip(codec(int[].class, null), new int[] {-1, 2})).containsExactly(-1, 2);
        assertThat((int[]) roundTrip(codec(int[].class, "aq"), new int[] {65535, 0})).containsExactly(65535, 0);
        assertThat((int[]) roundTrip(codec(int[].class, "an"), new int[] {-32768})).containsExactly(-32768);
        assertThat((long[]) roundTrip(codec(long[].class, "au"), new long[] {4294967295L})).containsExactly(4294967295L);
        assertThat((long[]) roundTrip(codec(long[].class, "at"), new long[] {-1L})).containsExactly(-1L);
        assertThat((short[]) roundTrip(codec(short[].class, null), new short[] {-5})).containsExactly((short) -5);
        assertThat((double[]) roundTrip(codec(double[].class, null), new double[] {0.5})).containsExactly(0.5);
        assertThat((boolean[]) roundTrip(codec(boolean[].class, null), new boolean[] {true, false}))
                .containsExactly(true, false);
        byte[] bytes = {1, 2};
        byte[] back = (byte[]) roundTrip(codec(byte[].class, null), bytes);
        assertThat(back).containsExactly(1, 2);
        assertThatThrownBy(() -> codec(long[].class, "ai")).isInstanceOf(Codec.MappingException.class)
                .hasMessageContaining("long[] cannot carry D-Bus type 'ai'");
    }

    @Test
    void fixedWidthArraysReadAsPrimitiveListsBecomeArraysWithoutBoxing() {
        Codec ints = codec(int[].class, null);
        assertThat((int[]) ints.fromWire(new PrimitiveLists.Int32List(new int[] {7, 8}))).containsExactly(7, 8);
    }

    @Test
    void listOfBytesCarriesAnArrayOfBytes() throws Exception {
        Codec c = codec(generic("bytes"), null);
        assertThat(c.signature()).isEqualTo("ay");
        assertThat(roundTrip(c, List.of((byte) 1, (byte) -1))).isEqualTo(List.of((byte) 1, (byte) -1));
    }

    @Test
    void nestedRecordsListsAndMapsRoundTrip() throws Exception {
        Codec outer = codec(Outer.class, null);
        assertThat(outer.signature()).isEqualTo("((uas)aia{s(uas)})");
        var value = new Outer(new Inner(4294967295L, List.of("a")), new int[] {1, 2},
                Map.of("k", new Inner(1, List.of())));
        Outer back = (Outer) roundTrip(outer, value);
        assertThat(back.inner()).isEqualTo(value.inner());
        assertThat(back.counts()).containsExactly(1, 2);
        assertThat(back.more()).isEqualTo(value.more());

        Codec nested = codec(generic("nested"), "a{sa(uas)}");
        var map = Map.of("x", List.of(new Inner(2, List.of("t"))));
        assertThat(roundTrip(nested, map)).isEqualTo(map);
        assertThat(((ParameterizedType) generic("nested")).getRawType()).isEqualTo(Map.class);
    }

    @Test
    void rawStructAndObjectKeepTheValuesAsRead() {
        Codec raw = codec(Struct.class, "(su)");
        assertThat(roundTrip(raw, List.of("s", 1L))).isEqualTo(Struct.of("s", 1L));
        Codec any = codec(Object.class, "as");
        assertThat(any.type).isEqualTo(new Type.Array(io.jitney.wire.BasicType.STRING));
        assertThat(roundTrip(any, List.of("q"))).isEqualTo(List.of("q"));
    }

    @Test
    void nullInsideContainersIsRefusedWithWhere() {
        Codec c = codec(Inner.class, null);
        assertThatThrownBy(() -> c.toWire(new Inner(1, null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record component tags is null");
    }
}
