package io.jitney.internal.wire;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The immutable {@code List} that an array of containers, strings or variants (and a message
 * body) is read as: one object over the array the reader filled, where an {@code ArrayList}
 * wrapped in {@code Collections.unmodifiableList} takes two. Equality, hash code and text are
 * {@code List}'s.
 */
final class ValueList extends AbstractList<Object> implements RandomAccess {
    private final Object[] items;
    private final int size;

    /** Takes ownership of {@code items}; only the first {@code size} slots are used. */
    ValueList(Object[] items, int size) {
        this.items = items;
        this.size = size;
    }

    @Override
    public Object get(int index) {
        Objects.checkIndex(index, size);
        return items[index];
    }

    @Override
    public int size() {
        return size;
    }
}
