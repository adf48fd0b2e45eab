package io.steward.masking;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Spark and plain Java mask every value identically, for every transform. */
class SparkMaskingTest {

    private static final MaskingKey KEY = MaskingKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final List<String> VALUES = Arrays.asList("4111 1111 1111 1111", "+44 20 7946 0958",
            "jane.doe@example.com", "1984-02-29", "SW1A 1AA", "37", null, "");

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("masking-tests")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sparkAndJavaGiveIdenticalOutput() {
        List<Transform> transforms = List.of(new Transform.Redact("PII"), new Transform.Partial(Transform.Partial.Mode.LAST_4),
                new Transform.Partial(Transform.Partial.Mode.EMAIL_DOMAIN), new Transform.Hash(KEY), new Transform.Nullify(),
                new Transform.Generalize(Transform.Generalize.Level.DATE_TO_YEAR),
                new Transform.Generalize(Transform.Generalize.Level.POSTCODE_PREFIX),
                new Transform.Generalize(Transform.Generalize.Level.AGE_BAND));
        Dataset<Row> data = spark.createDataset(VALUES, Encoders.STRING()).toDF("value");
        for (Transform transform : transforms) {
            List<String> fromSpark = new ArrayList<>();
            for (Row row : data.select(SparkMasking.mask(transform, data.col("value"))).collectAsList()) {
                fromSpark.add(row.isNullAt(0) ? null : row.getString(0));
            }
            List<String> fromJava = VALUES.stream().map(transform::apply).toList();
            assertThat(fromSpark).as(transform.name()).isEqualTo(fromJava);
        }
    }

    @Test
    void sparkMasksSpansInFreeTextLikeJava() {
        SpanMasker masker = new SpanMasker("notes", SpanMasker.redactAll(), SpanMasker.defaultMinimumScore());
        List<String> notes = Arrays.asList("Customer Jane Doe asked to be called on +1 415 555 2671.",
                "Refund to card 4111 1111 1111 1111 approved.", "No answer.", null);
        Dataset<Row> data = spark.createDataset(notes, Encoders.STRING()).toDF("notes");
        List<String> fromSpark = new ArrayList<>();
        for (Row row : data.select(SparkMasking.maskSpans(masker, data.col("notes"))).collectAsList()) {
            fromSpark.add(row.isNullAt(0) ? null : row.getString(0));
        }
        assertThat(fromSpark).isEqualTo(notes.stream().map(masker::mask).toList()).containsExactly(
                "Customer <PERSON> asked to be called on <PHONE_NUMBER>.", "Refund to card <CREDIT_CARD> approved.",
                "No answer.", null);
    }

    @Test
    void sparkTokenizesLikeJavaAndTheTokensReverse() {
        List<String> numbers = List.of("4111 1111 1111 1111", "+44 20 7946 0958", "DE89 3704 0044 0532 0130 00");
        Transform.Tokenize tokenize = new Transform.Tokenize(KEY);
        Dataset<Row> data = spark.createDataset(numbers, Encoders.STRING()).toDF("value");
        List<String> tokens = data.select(SparkMasking.mask(tokenize, data.col("value"))).collectAsList().stream()
                .map(r -> r.getString(0)).toList();
        assertThat(tokens).isEqualTo(numbers.stream().map(tokenize::apply).toList());
        assertThat(tokens.stream().map(tokenize::reverse).toList()).isEqualTo(numbers);
    }
}
