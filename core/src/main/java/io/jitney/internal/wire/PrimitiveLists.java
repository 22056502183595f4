package io.jitney.internal.wire;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Immutable {@code List} views over primitive arrays, used for fixed-width D-Bus arrays read
 * from the wire ({@code ai}, {@code au}, {@code ax}, {@code at}, {@code ad}, {@code an},
 * {@code aq}): one array allocation instead of a box per element; elements are boxed only when
 * read. They compare equal to any list with equal elements. The writer recognises them and
 * writes the primitive array directly.
 */
public final class PrimitiveLists {
    private PrimitiveLists() {}

    /** {@code ai}: {@code Integer} elements. */
    public static final class Int32List extends AbstractList<Integer> implements RandomAccess {
        final int[] values;

        public Int32List(int[] values) {
            this.values = values;
        }

        @Override
        public Integer get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        /** A copy of the elements. */
        public int[] toIntArray() {
            return values.clone();
        }
    }

    /** {@code au}: {@code Long} elements in 0..2^32-1, stored as 32-bit patterns. */
    public static final class UInt32List extends AbstractList<Long> implements RandomAccess {
        final int[] values;

        public UInt32List(int[] values) {
            this.values = values;
        }

        @Override
        public Long get(int index) {
            return Integer.toUnsignedLong(values[index]);
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    /** {@code ax} and {@code at}: {@code Long} elements. */
    public static final class Int64List extends AbstractList<Long> implements RandomAccess {
        final long[] values;

        public Int64List(long[] values) {
            this.values = values;
        }

        @Override
        public Long get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        /** A copy of the elements. */
        public long[] toLongArray() {
            return values.clone();
        }
    }

    /** {@code ad}: {@code Double} elements. */
    public static final class DoubleList extends AbstractList<Double> implements RandomAccess {
        final double[] values;

        public DoubleList(double[] values) {
            this.values = values;
        }

        @Override
        public Double get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        /** A copy of the elements. */
        public double[] toDoubleArray() {
            return values.clone();
        }
    }

    /** {@code an}: {@code Short} elements. */
    public static final class Int16List extends AbstractList<Short> implements RandomAccess {
        final short[] values;

        public Int16List(short[] values) {
            this.values = values;
        }

        @Override
        public Short get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    /** {@code aq}: {@code Integer} elements in 0..65535, stored as 16-bit patterns. */
    public static final class UInt16List extends AbstractList<Integer> implements RandomAccess {
        final short[] values;

        public UInt16List(short[] values) {
            this.values = values;
        }

        @Override
        public Integer get(int index) {
            return Short.toUnsignedInt(values[index]);
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
