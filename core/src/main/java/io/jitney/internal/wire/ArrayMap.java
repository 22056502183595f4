package io.jitney.internal.wire;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable, insertion-ordered {@code Map} that a D-Bus dict ({@code a{kv}}) is read as.
 *
 * <p>Keys and values live in two arrays: two allocations for the whole dict instead of a node per
 * entry. Lookups scan for small dicts (the common {@code a{sv}} of a few properties) and use a
 * hash index, built on first lookup, for larger ones.
 */
public final class ArrayMap<K, V> extends AbstractMap<K, V> {
    private static final int SCAN_LIMIT = 12;

    private final Object[] keys;
    private final Object[] values;
    private final int size;
    private HashMap<Object, Integer> index;
    private Set<Entry<K, V>> entrySet;

    /** Takes ownership of the arrays; only the first {@code size} slots are used. */
    ArrayMap(Object[] keys, Object[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** The position of {@code key} among the first {@code size} keys, or -1. */
    private static int indexOf(Object[] keys, int size, Object key, HashMap<Object, Integer> index) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private int find(Object key) {
        if (key == null) {
            return -1;
        }
        if (size <= SCAN_LIMIT) {
            return indexOf(keys, size, key, null);
        }
        HashMap<Object, Integer> idx = index;
        if (idx == null) {
            idx = new HashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                idx.put(keys[i], i);
            }
            index = idx;
        }
        return indexOf(keys, size, key, idx);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = find(key);
        return i < 0 ? null : (V) values[i];
    }

    /** Key at position {@code i} in insertion order. */
    @SuppressWarnings("unchecked")
    public K keyAt(int i) {
        Objects.checkIndex(i, size);
        return (K) keys[i];
    }

    /** Value at position {@code i} in insertion order. */
    @SuppressWarnings("unchecked")
    public V valueAt(int i) {
        Objects.checkIndex(i, size);
        return (V) values[i];
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        Set<Entry<K, V>> es = entrySet;
        if (es == null) {
            es = new AbstractSet<>() {
                @Override
                public Iterator<Entry<K, V>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        @SuppressWarnings("unchecked")
                        public Entry<K, V> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>((K) keys[i], (V) values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
            entrySet = es;
        }
        return es;
    }
}
