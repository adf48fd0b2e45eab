package io.steward.masking;

import io.steward.masking.AccessDecision.Kind;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A decision enforced in a real Spark read: denied columns never appear, masked ones never in clear, rows filtered. */
class ProtectedReadTest {

    private static final MaskingKey KEY = MaskingKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static SparkSession spark;
    private static Dataset<Row> customers;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("protected-read-tests")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("email", DataTypes.StringType)
                .add("ssn", DataTypes.StringType).add("region", DataTypes.StringType)
                .add("amount", DataTypes.DoubleType).add("added_later", DataTypes.StringType);
        customers = spark.createDataFrame(List.of(
                RowFactory.create(1, "jane@example.com", "536-22-1234", "EU", 50.0, "x"),
                RowFactory.create(2, "john@example.com", "536-22-1235", "US", 500.0, "y"),
                RowFactory.create(3, "ana@example.com", "536-22-1236", "EU", 700.0, "z")), schema);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static AccessDecision decision(Optional<String> rowFilter) {
        return new AccessDecision("s3://lake:customers", List.of(
                new AccessDecision.Column("id", Kind.ALLOW, Optional.empty(), Optional.empty(), "allowed"),
                new AccessDecision.Column("email", Kind.MASK, Optional.of("HASH"), Optional.of("EMAIL_ADDRESS"), "tagged"),
                new AccessDecision.Column("ssn", Kind.DENY, Optional.empty(), Optional.empty(), "denied by policy 4"),
                new AccessDecision.Column("region", Kind.DENY, Optional.empty(), Optional.empty(), "denied by policy 4"),
                new AccessDecision.Column("amount", Kind.ALLOW, Optional.empty(), Optional.empty(), "allowed")),
                rowFilter);
    }

    @Test
    void deniedColumnsNeverAppearAndMaskedOnesNeverInClear() {
        Dataset<Row> read = ProtectedRead.apply(customers, decision(Optional.empty()), List.of(), Optional.of(KEY));
        assertThat(read.columns()).containsExactly("id", "email", "amount");
        List<String> emails = read.orderBy("id").collectAsList().stream().map(r -> r.getString(1)).toList();
        Transform hash = new Transform.Hash(KEY);
        assertThat(emails).containsExactly(hash.apply("jane@example.com"), hash.apply("john@example.com"),
                hash.apply("ana@example.com"));
        assertThat(read.toJSON().collectAsList().toString()).doesNotContain("@example.com", "536-22");
    }

    @Test
    void theRowFilterMayTestAColumnTheCallerCannotSee() {
        Dataset<Row> read = ProtectedRead.apply(customers, decision(Optional.of("region = 'EU' AND amount < 600")),
                List.of("id", "amount"), Optional.of(KEY));
        assertThat(read.collectAsList()).extracting(r -> r.getInt(0)).containsExactly(1);
    }

    @Test
    void askingForADeniedColumnIsAnErrorThatSaysWhy() {
        assertThatThrownBy(() -> ProtectedRead.apply(customers, decision(Optional.empty()), List.of("id", "ssn"),
                Optional.of(KEY))).isInstanceOf(ProtectedRead.DeniedColumn.class)
                .hasMessage("column ssn of s3://lake:customers is denied to you: denied by policy 4");
    }

    @Test
    void aMaskThatNeedsAKeyRefusesWithoutOne() {
        assertThatThrownBy(() -> ProtectedRead.apply(customers, decision(Optional.empty()), List.of(), Optional.empty()))
                .hasMessageContaining("needs a masking key");
    }

    @Test
    void rowFiltersBecomeSparkExpressionsNotSql() {
        RowFilter filter = RowFilter.parse("region IN ('EU', 'UK') AND NOT amount >= 600 OR id IS NULL", null);
        List<Integer> ids = customers.filter(SparkRowFilter.toColumn(filter)).collectAsList().stream()
                .map(r -> r.getInt(0)).toList();
        assertThat(ids).containsExactly(1);
        RowFilter hostile = RowFilter.parse("region = 'EU'' OR ''1''=''1'", null);
        assertThat(customers.filter(SparkRowFilter.toColumn(hostile)).count()).isZero();
        assertThat(customers.filter(SparkRowFilter.toColumn(RowFilter.parse("amount > 100.5", null))).count())
                .isEqualTo(2);
    }
}
