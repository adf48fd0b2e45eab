package io.steward.rules;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The distinct values of a column as 64-bit hashes, and which of them were seen more than once:
 * what {@link FrequencySketch} keeps of text past its counting limit in hashing mode. Hashes come
 * in unsorted (appended to a buffer as the rows stream by) and are folded now and then into two
 * sorted arrays, so adding is a store and merging two sets is one linear walk; random 64-bit keys
 * would make a bitmap slow at both.
 */
final class HashedValues implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Hashes buffered before they are folded into the sorted arrays: 8 MiB at most. */
    private static final int BUFFER = 1 << 20;

    private long[] seen = new long[0];
    private long[] repeated = new long[0];
    private long[] pending = new long[1024];
    private int pendingSize;

    void add(long hash, long times) {
        for (long t = 0; t < Math.min(times, 2); t++) { // twice is enough to mark it repeated
            if (pendingSize == pending.length) {
                if (pending.length >= BUFFER) {
                    fold();
                } else {
                    pending = Arrays.copyOf(pending, pending.length * 2);
                }
            }
            pending[pendingSize++] = hash;
        }
    }

    /** The hashes seen in either; repeated: repeated in either, or seen in both. */
    HashedValues merge(HashedValues other) {
        fold();
        other.fold();
        long[] both = intersection(seen, other.seen);
        repeated = union(union(repeated, other.repeated), both);
        seen = union(seen, other.seen);
        return this;
    }

    long distinct() {
        fold();
        return seen.length;
    }

    /** Hashes seen exactly once (every repeated hash is also a seen one). */
    long once() {
        fold();
        return seen.length - repeated.length;
    }

    /** Folds the buffer into the sorted arrays and lets it go (a finished sketch is stored small). */
    HashedValues compacted() {
        fold();
        pending = new long[0];
        return this;
    }

    private void fold() {
        if (pendingSize == 0) {
            return;
        }
        long[] batch = Arrays.copyOf(pending, pendingSize);
        pendingSize = 0;
        Arrays.sort(batch);
        long[] distinct = new long[batch.length];
        long[] twice = new long[batch.length];
        int d = 0;
        int t = 0;
        for (int i = 0; i < batch.length; ) {
            int j = i;
            while (j < batch.length && batch[j] == batch[i]) {
                j++;
            }
            distinct[d++] = batch[i];
            if (j - i > 1) {
                twice[t++] = batch[i];
            }
            i = j;
        }
        long[] fresh = Arrays.copyOf(distinct, d);
        long[] both = intersection(seen, fresh);
        repeated = union(union(repeated, Arrays.copyOf(twice, t)), both);
        seen = union(seen, fresh);
    }

    private static long[] union(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                out[n++] = a[i++];
            } else if (a[i] > b[j]) {
                out[n++] = b[j++];
            } else {
                out[n++] = a[i++];
                j++;
            }
        }
        while (i < a.length) {
            out[n++] = a[i++];
        }
        while (j < b.length) {
            out[n++] = b[j++];
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static long[] intersection(long[] a, long[] b) {
        long[] out = new long[Math.min(a.length, b.length)];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                out[n++] = a[i++];
                j++;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
