package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.steward.masking.AccessDecision;
import io.steward.masking.MaskingKey;
import io.steward.masking.ProtectedRead;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reading a cataloged dataset from a Spark job the way the policy service allows it: the
 * caller's decision is fetched, and applied before any row is returned (denied columns absent,
 * masked columns masked, the row filter applied).
 *
 * <pre>{@code
 * Dataset<Row> orders = StewardSpark.read(spark, "s3://lake:sales.orders");
 * }</pre>
 *
 * The service comes from STEWARD_SERVER, the caller's token from `steward login` (or
 * STEWARD_TOKEN for jobs), the masking key from STEWARD_MASKING_KEY.
 */
public final class StewardSpark {

    /** A read: the decision it enforced and the rows. */
    public record Read(AccessDecision decision, Dataset<Row> rows) {
    }

    private StewardSpark() {
    }

    public static Dataset<Row> read(SparkSession spark, String dataset) {
        String server = System.getenv("STEWARD_SERVER");
        if (server == null || server.isBlank()) {
            throw new IllegalStateException("set STEWARD_SERVER to the policy service, e.g. http://127.0.0.1:8080");
        }
        return read(spark, new ServiceClient(server), dataset, List.of(), DataOptions.maskingKey(null)).rows();
    }

    /** @param dataset "NAMESPACE:NAME", as OpenLineage names it ("s3://lake:sales.orders") */
    static Read read(SparkSession spark, ServiceClient client, String dataset, List<String> columns,
                     Optional<MaskingKey> key) {
        String[] name = ServiceClient.splitName(dataset, "--dataset");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("namespace", name[0]);
        request.put("name", name[1]);
        request.put("columns", columns);
        request.put("action", "read");
        JsonNode answer = client.post("/api/v1/access/decisions", request);
        AccessDecision decision = decision(answer);
        JsonNode entry = client.get("/api/v1/datasets/" + answer.path("datasetId").asLong());
        String location = entry.path("location").asText("");
        if (location.isEmpty()) {
            throw new InputException("the catalog has no location for " + dataset + "; nothing to read");
        }
        String format = entry.path("format").isTextual() ? entry.path("format").asText() : null;
        Dataset<Row> data = DataFiles.read(spark, Path.of(location), DataFiles.format(Path.of(location), format));
        try {
            return new Read(decision, ProtectedRead.apply(data, decision, columns, key));
        } catch (ProtectedRead.DeniedColumn e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private static AccessDecision decision(JsonNode answer) {
        List<AccessDecision.Column> columns = new ArrayList<>();
        for (JsonNode column : answer.path("columns")) {
            columns.add(new AccessDecision.Column(column.path("column").asText(),
                    AccessDecision.Kind.valueOf(column.path("decision").asText().toUpperCase(Locale.ROOT)),
                    text(column, "transform"), text(column, "entityType"), column.path("reason").asText()));
        }
        return new AccessDecision(answer.path("dataset").asText(), columns, text(answer, "rowFilter"));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }
}
