package io.steward.masking;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The transforms as Spark column functions. Each runs the very same Java code as
 * {@link Transform#apply}, so Spark and plain Java give identical bytes by construction.
 */
public final class SparkMasking {

    private SparkMasking() {
    }

    /** The column masked by the transform; the column is read as text. */
    public static Column mask(Transform transform, Column column) {
        UDF1<String, String> function = transform::apply;
        UserDefinedFunction udf = functions.udf(function, DataTypes.StringType);
        // Deterministic: the same input always masks the same, so Spark may reorder or retry it.
        return udf.apply(column.cast(DataTypes.StringType));
    }

    /** The column with the PII spans inside its text masked, and the words around them kept. */
    public static Column maskSpans(SpanMasker masker, Column column) {
        UDF1<String, String> function = masker::mask;
        return functions.udf(function, DataTypes.StringType).apply(column.cast(DataTypes.StringType));
    }
}
