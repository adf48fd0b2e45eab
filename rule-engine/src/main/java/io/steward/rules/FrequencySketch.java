package io.steward.rules;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import org.roaringbitmap.longlong.Roaring64Bitmap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The exact frequencies of one column's values, gathered as an aggregate of one scan shared by
 * every such column (MetricRun), so that Uniqueness, Distinctness, UniqueValueRatio, CountDistinct
 * and Entropy of that column need no grouping pass (and no shuffle) of their own. Up to {@link #LIMIT} distinct values it keeps each value's count. Past
 * that, integers go on in two bitmaps (values seen, values seen again), which still answer every
 * count-of-distinct metric exactly but no longer Entropy; other values give up ({@link #overflowed}),
 * and the metrics come from a grouping pass as before. Nothing here is approximate, except in the
 * hashing mode incremental checks use for the states they keep: there other values go on as 64-bit
 * hashes (xxHash64, {@link HashedValues}), so distinct counts are exact unless two values collide
 * (for a billion values, about one chance in forty). Public only because Spark's
 * encoders serialize public classes alone.
 */
public final class FrequencySketch implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Distinct values counted one by one; a few hundred kilobytes at most. */
    static final int LIMIT = 10_000;

    private HashMap<Object, Long> counts = new HashMap<>();
    private Roaring64Bitmap seen;
    private Roaring64Bitmap repeated;
    private boolean overflowed;
    /** Whether values that are not integers go on as hashes past the limit, rather than give up. */
    private boolean hashing;
    /** The values' hashes, once text went past the limit in hashing mode: counts may then be (rarely) too low. */
    private HashedValues hashes;

    private FrequencySketch(boolean hashing) {
        this.hashing = hashing;
    }

    boolean hashed() {
        return hashes != null;
    }

    /** Counted values: the value's count, while there are few enough distinct values. */
    Map<Object, Long> counts() {
        return counts;
    }

    boolean counted() {
        return counts != null;
    }

    boolean overflowed() {
        return overflowed;
    }

    /** Distinct values. */
    long distinct() {
        if (hashes != null) {
            return hashes.distinct();
        }
        return counts != null ? counts.size() : seen.getLongCardinality();
    }

    /** Values seen exactly once. */
    long once() {
        if (counts != null) {
            return counts.values().stream().filter(c -> c == 1).count();
        }
        if (hashes != null) {
            return hashes.once();
        }
        Roaring64Bitmap single = copy(seen);
        single.andNot(repeated);
        return single.getLongCardinality();
    }

    /** Deequ's Entropy over the counted values, of {@code rows} rows in all (only while counted). */
    double entropy(long rows) {
        double entropy = 0;
        for (long count : counts.values()) {
            double share = (double) count / rows;
            entropy -= share * Math.log(share);
        }
        return entropy;
    }

    private void add(Object value, long times) {
        if (overflowed) {
            return;
        }
        if (counts != null) {
            counts.merge(value, times, Long::sum);
            if (counts.size() > LIMIT) {
                toBitmaps();
            }
            return;
        }
        if (hashes != null) {
            hashes.add(hash(value), times);
            return;
        }
        long v = (Long) value;
        if (times > 1 || seen.contains(v)) {
            repeated.addLong(v);
        }
        seen.addLong(v);
    }

    /** From counts to bitmaps: integers can, other values go on as hashes when hashing; else they overflow. */
    private void toBitmaps() {
        boolean integers = counts.keySet().stream().allMatch(k -> k instanceof Long);
        if (!integers) {
            if (hashing) {
                toHashes();
            } else {
                overflowed = true;
                counts = null;
            }
            return;
        }
        seen = new Roaring64Bitmap();
        repeated = new Roaring64Bitmap();
        for (Map.Entry<Object, Long> entry : counts.entrySet()) {
            long v = (Long) entry.getKey();
            seen.addLong(v);
            if (entry.getValue() > 1) {
                repeated.addLong(v);
            }
        }
        counts = null;
    }

    private static long hash(Object value) {
        byte[] bytes = value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return org.apache.spark.sql.catalyst.expressions.XXH64.hashUnsafeBytes(bytes,
                org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, bytes.length, 42L);
    }

    /** The sketch as it is stored: hashes folded and their buffer let go. */
    FrequencySketch compacted() {
        if (hashes != null) {
            hashes.compacted();
        }
        return this;
    }

    FrequencySketch merge(FrequencySketch other) {
        if (overflowed || other.overflowed) {
            overflowed = true;
            counts = null;
            seen = null;
            repeated = null;
            hashes = null;
            return this;
        }
        if (hashes != null || other.hashes != null) {
            // Counted values (perhaps none yet: no evidence of their kind) join hashes as hashes.
            if (hashes == null) {
                toHashes();
            }
            if (other.hashes == null) {
                other.toHashes();
            }
            hashes.merge(other.hashes);
            return this;
        }
        if (other.counts != null) {
            other.counts.forEach((value, times) -> add(value, times));
            return this;
        }
        if (counts != null) {
            hashing |= other.hashing;
            toBitmaps();
            if (overflowed) {
                return this;
            }
        }
        // Seen in both, or repeated in either: repeated. (The intersection starts from the smaller
        // set: merging a year of daily sketches into one must not copy the growing one each day.)
        boolean smaller = other.seen.getLongCardinality() < seen.getLongCardinality();
        Roaring64Bitmap both = copy(smaller ? other.seen : seen);
        both.and(smaller ? seen : other.seen);
        repeated.or(both);
        repeated.or(other.repeated);
        seen.or(other.seen);
        return this;
    }

    /** From counts to hashes, whatever the values. */
    private void toHashes() {
        Map<Object, Long> counted = counts;
        counts = null;
        hashing = true;
        hashes = new HashedValues();
        counted.forEach((value, times) -> hashes.add(hash(value), times));
    }

    private static Roaring64Bitmap copy(Roaring64Bitmap bitmap) {
        Roaring64Bitmap copy = new Roaring64Bitmap();
        copy.or(bitmap);
        return copy;
    }

    static FrequencySketch fromBytes(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (FrequencySketch) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a frequency sketch back", e);
        }
    }

    /**
     * The aggregate over a column, its values given as integers (bigint: Long) or as text whose
     * equality is the values' (String: strings, dates, booleans); NULL values are not counted.
     */
    public static final class Of<T> extends Aggregator<T, FrequencySketch, FrequencySketch> {

        private final boolean hashing;

        /** Exact: values that are not integers give up past the limit. */
        public Of() {
            this(false);
        }

        /** @param hashing whether values that are not integers go on as hashes past the limit */
        public Of(boolean hashing) {
            this.hashing = hashing;
        }

        @Override
        public FrequencySketch zero() {
            return new FrequencySketch(hashing);
        }

        @Override
        public FrequencySketch reduce(FrequencySketch sketch, T value) {
            if (value != null) {
                sketch.add(value, 1);
            }
            return sketch;
        }

        @Override
        public FrequencySketch merge(FrequencySketch left, FrequencySketch right) {
            return left.merge(right);
        }

        @Override
        public FrequencySketch finish(FrequencySketch sketch) {
            return sketch.compacted();
        }

        @Override
        public Encoder<FrequencySketch> bufferEncoder() {
            return Encoders.javaSerialization(FrequencySketch.class);
        }

        @Override
        public Encoder<FrequencySketch> outputEncoder() {
            return Encoders.javaSerialization(FrequencySketch.class);
        }
    }
}
