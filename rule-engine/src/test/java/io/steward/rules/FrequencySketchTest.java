package io.steward.rules;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The sketch's distinct counts against a plain count of the same values, however the parts merge. */
class FrequencySketchTest {

    @Test
    void integerPartsMergeExactlyInBitmaps() {
        assertMergesLikeACount(List.of(ints(0, 15_000, 1), ints(10_000, 25_000, 1), ints(0, 5, 3), ints(40, 45, 1)),
                false);
    }

    @Test
    void textPartsPastTheLimitMergeAsHashesInEveryOrder() {
        List<List<String>> parts = List.of(texts(0, 12_000, 1), texts(0, 300, 2), texts(11_000, 30_000, 1),
                texts(50, 60, 1));
        assertMergesLikeACount(parts, true);
        assertMergesLikeACount(List.of(parts.get(1), parts.get(3), parts.get(0), parts.get(2)), true);
    }

    @Test
    void anEmptySketchMergedWithHashedBitmapsKeepsThemHashed() {
        FrequencySketch.Of<String> aggregate = new FrequencySketch.Of<>(true);
        FrequencySketch full = aggregate.zero();
        for (String value : texts(0, 12_000, 1)) {
            full = aggregate.reduce(full, value);
        }
        // As Spark merges an empty partial buffer with a full one, before finishing.
        FrequencySketch merged = aggregate.finish(aggregate.merge(aggregate.zero(), full));
        assertThat(merged.hashed()).isTrue();
        assertThat(merged.distinct()).isEqualTo(12_000);
        assertThat(aggregate.merge(aggregate.zero(), merged).once()).isEqualTo(12_000);
    }

    @Test
    void withoutHashingTextPastTheLimitGivesUp() {
        FrequencySketch.Of<String> exact = new FrequencySketch.Of<>();
        FrequencySketch sketch = exact.zero();
        for (String value : texts(0, 10_001, 1)) {
            sketch = exact.reduce(sketch, value);
        }
        assertThat(exact.finish(sketch).overflowed()).isTrue();
    }

    private static <T> void assertMergesLikeACount(List<List<T>> parts, boolean hashed) {
        FrequencySketch.Of<T> aggregate = new FrequencySketch.Of<>(true);
        Map<T, Integer> counts = new HashMap<>();
        FrequencySketch merged = aggregate.zero();
        for (List<T> part : parts) {
            FrequencySketch sketch = aggregate.zero();
            for (T value : part) {
                sketch = aggregate.reduce(sketch, value);
                counts.merge(value, 1, Integer::sum);
            }
            merged = aggregate.merge(merged, aggregate.finish(sketch));
        }
        assertThat(merged.distinct()).isEqualTo(counts.size());
        assertThat(merged.once()).isEqualTo(counts.values().stream().filter(c -> c == 1).count());
        assertThat(merged.hashed()).isEqualTo(hashed);
    }

    private static List<Long> ints(long from, long to, int times) {
        List<Long> values = new java.util.ArrayList<>();
        for (long v = from; v < to; v++) {
            for (int t = 0; t < times; t++) {
                values.add(v);
            }
        }
        java.util.Collections.shuffle(values, new Random(7));
        return values;
    }

    private static List<String> texts(int from, int to, int times) {
        return ints(from, to, times).stream().map(v -> "value-" + v).toList();
    }
}
