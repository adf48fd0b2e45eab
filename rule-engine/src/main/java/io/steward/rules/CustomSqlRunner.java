package io.steward.rules;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;

import java.util.Map;

/**
 * Runs a rule's SQL as a read-only query over the view {@code primary} and the named sources.
 * Anything that is not a query (INSERT, DROP, SET, CACHE, ...) is refused before it runs.
 */
final class CustomSqlRunner {

    static final String PRIMARY = "primary";

    private final Dataset<Row> primary;
    private final Map<String, Dataset<Row>> sources;

    CustomSqlRunner(Dataset<Row> primary, Map<String, Dataset<Row>> sources) {
        this.primary = primary;
        this.sources = sources;
    }

    Dataset<Row> query(String sql) {
        SparkSession spark = primary.sparkSession();
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(sql);
        } catch (Exception e) {
            throw new Conditions.Undecidable("invalid SQL: " + Conditions.Undecidable.firstLine(e));
        }
        if (!isQuery(plan)) {
            throw new Conditions.Undecidable("CustomSql runs read-only queries (SELECT ... FROM primary); "
                    + "this statement is a " + plan.nodeName());
        }
        // Views live in the session: register them for this query only.
        primary.createOrReplaceTempView(PRIMARY);
        sources.forEach((name, data) -> data.createOrReplaceTempView(name));
        try {
            // spark.sql analyses eagerly: the plan keeps the views' data after they are dropped.
            return spark.sql(sql);
        } catch (Exception e) { // AnalysisException is checked in Java's eyes
            throw new Conditions.Undecidable("invalid SQL: " + Conditions.Undecidable.firstLine(e));
        } finally {
            spark.catalog().dropTempView(PRIMARY);
            sources.keySet().forEach(name -> spark.catalog().dropTempView(name));
        }
    }

    /** A query has no command or statement (INSERT, DDL, SET, ...) anywhere in its plan. */
    private static boolean isQuery(LogicalPlan plan) {
        return plan.find(node -> node instanceof Command || node instanceof ParsedStatement).isEmpty();
    }
}
