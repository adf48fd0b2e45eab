package io.steward.rules;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Hashes buffered, folded past the buffer's size, and merged, against what was added. */
class HashedValuesTest {

    @Test
    void countsDistinctAndOnceAcrossFoldsAndMerges() {
        HashedValues left = new HashedValues();
        HashedValues right = new HashedValues();
        Random random = new Random(11);
        // 1.5M draws from 1.2M values: more than one buffer, repeats within and across the two sets.
        java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < 1_500_000; i++) {
            long value = random.nextInt(1_200_000) * 0x9E3779B97F4A7C15L; // spread over the 64 bits
            (i % 2 == 0 ? left : right).add(value, 1);
            counts.merge(value, 1, Integer::sum);
        }
        left.add(42L, 3); // one value added three times at once: repeated
        counts.merge(42L, 3, Integer::sum);
        HashedValues merged = left.merge(right.compacted());
        assertThat(merged.distinct()).isEqualTo(counts.size());
        assertThat(merged.once()).isEqualTo(counts.values().stream().filter(c -> c == 1).count());
    }
}
