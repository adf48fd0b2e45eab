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
        String name = column.toString();
        // The message names the column and the transform, never the value: values are personal data.
        UDF1<String, String> function = value -> {
            try {
                return transform.apply(value);
            } catch (RuntimeException e) {
                // No cause chained: Spark reports the innermost message, and this one names the column.
                throw new IllegalArgumentException("column " + name + ", " + TransformSpec.format(transform) + ": "
                        + e.getMessage());
            }
        };
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
