package io.jitney.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.ProtocolException;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.Variant;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The reader sizes a container's array from the bytes it spans and the smallest its elements can
 * be, and grows it past that guess: every count, on either side of the guess and of the 16-slot
 * start, comes back whole, in order, and read-only, for elements of every size class.
 */
class ContainerSizingTest {
    private static final int[] COUNTS = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100};

    private static Object roundTrip(String signature, Object value, ByteOrder order) {
        var w = new WireWriter(64, order);
        Signature sig = Signature.of(signature);
        w.write(sig.type(), value);
        var r = new WireReader(w.toByteArray(), 0, w.position(), order);
        Object read = r.read(sig.type());
        assertThat(r.remaining()).as("bytes left after '%s'", signature).isZero();
        return read;
    }

    private static List<Object> listOf(int n, IntFunction<Object> element) {
        var out = new ArrayList<Object>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(i));
        }
        return out;
    }

    @Test
    void arraysOfEveryElementKindComeBackWholeAtEveryCount() {
        Map<String, IntFunction<Object>> kinds = new LinkedHashMap<>();
        kinds.put("as", i -> i % 3 == 0 ? "" : "s" + i); // empty strings: the smallest element there is
        kinds.put("ao", i -> new ObjectPath("/p" + i));
        kinds.put("ag", i -> Signature.of(i % 2 == 0 ? "" : "a{sv}"));
        kinds.put("av", i -> i % 2 == 0 ? Variant.of("y", (byte) i) : Variant.of("s", "v" + i));
        kinds.put("a(yy)", i -> Struct.of((byte) i, (byte) (i + 1)));
        kinds.put("a(ys)", i -> Struct.of((byte) i, "x".repeat(i % 5)));
        kinds.put("aay", i -> new byte[i % 4]);
        kinds.put("aas", i -> List.of("a".repeat(i % 3)));
        for (var kind : kinds.entrySet()) {
            for (int n : COUNTS) {
                List<Object> value = listOf(n, kind.getValue());
                for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                    Object read = roundTrip(kind.getKey(), value, order);
                    assertThat(read).as("%s of %d (%s)", kind.getKey(), n, order).isInstanceOf(List.class);
                    List<?> list = (List<?>) read;
                    assertThat(list).as("%s of %d (%s)", kind.getKey(), n, order).hasSize(n);
                    if (!kind.getKey().equals("aay")) { // byte[] has identity equality
                        assertThat(list).as("%s of %d (%s)", kind.getKey(), n, order).isEqualTo(value);
                        assertThat(list.hashCode()).isEqualTo(value.hashCode());
                        assertThat(list.toString()).isEqualTo(value.toString());
                    } else {
                        for (int i = 0; i < n; i++) {
                            assertThat((byte[]) list.get(i)).isEqualTo((byte[]) value.get(i));
                        }
                    }
                    assertThatThrownBy(() -> ((List<Object>) list).add("x")).isInstanceOf(UnsupportedOperationException.class);
                    assertThatThrownBy(() -> list.get(n)).isInstanceOf(IndexOutOfBoundsException.class);
                }
            }
        }
    }

    @Test
    void dictsComeBackWholeAtEveryCountAndStillRefuseADuplicateKey() {
        Map<String, IntFunction<Object[]>> kinds = new LinkedHashMap<>();
        kinds.put("a{sv}", i -> new Object[] {i % 7 == 0 ? "k".repeat(i % 2) + i : "key" + i, Variant.of("y", (byte) i)});
        kinds.put("a{yy}", i -> new Object[] {(byte) i, (byte) -i});
        kinds.put("a{ua{ss}}", i -> new Object[] {(long) i, Map.of("a", "b" + i)});
        kinds.put("a{oas}", i -> new Object[] {new ObjectPath("/o" + i), List.of()});
        for (var kind : kinds.entrySet()) {
            for (int n : COUNTS) {
                Map<Object, Object> value = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object[] kv = kind.getValue().apply(i);
                    value.put(kv[0], kv[1]);
                }
                Object read = roundTrip(kind.getKey(), value, ByteOrder.LITTLE_ENDIAN);
                assertThat(read).as("%s of %d", kind.getKey(), n).isEqualTo(value);
                assertThat(List.copyOf(((Map<?, ?>) read).keySet())).as("key order of %s of %d", kind.getKey(), n)
                        .isEqualTo(List.copyOf(value.keySet()));
            }
        }
        // The duplicate check is kept for every count, below and past the 16 hashed keys.
        for (int n : new int[] {2, 9, 16, 17, 40}) {
            var w = new WireWriter(64, ByteOrder.LITTLE_ENDIAN);
            int lenAt = w.reserveInt32();
            w.align(8);
            int start = w.position();
            for (int i = 0; i < n; i++) {
                w.align(8);
                w.writeByte(i == n - 1 ? 0 : i); // the last key repeats the first
                w.writeByte(1);
            }
            w.patchInt32(lenAt, w.position() - start);
            var r = new WireReader(w.toByteArray(), 0, w.position(), ByteOrder.LITTLE_ENDIAN);
            assertThatThrownBy(() -> r.read(Signature.of("a{yy}").type())).as("duplicate key among %d", n)
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("twice");
        }
    }

    @Test
    void aMessageBodyIsReadOnlyAndComparesAsAList() {
        var w = new WireWriter(64, ByteOrder.LITTLE_ENDIAN);
        Signature sig = Signature.of("sua{sv}");
        List<Object> body = List.of("a", 7L, Map.of("k", Variant.of("s", "v")));
        w.writeAll(sig.types(), body);
        var r = new WireReader(w.toByteArray(), 0, w.position(), ByteOrder.LITTLE_ENDIAN);
        List<Object> read = r.readAll(sig.types());
        assertThat(read).isEqualTo(body);
        assertThat(read.hashCode()).isEqualTo(body.hashCode());
        assertThatThrownBy(() -> read.set(0, "b")).isInstanceOf(UnsupportedOperationException.class);
    }
}
