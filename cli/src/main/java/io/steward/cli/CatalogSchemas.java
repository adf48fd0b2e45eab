package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.rules.EvaluationOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A dataset's schema versions as the catalog keeps them (`GET /api/v1/datasets/{id}/schema-versions`:
 * [{version, fields: [{name, type}]}]), as sources rules can name: "catalog" is the latest
 * version and "catalog@N" version N, each an empty dataset of that schema.
 */
final class CatalogSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogSchemas() {
    }

    static JsonNode read(Path file) {
        try {
            JsonNode versions = JSON.readTree(file.toFile());
            if (!versions.isArray()) {
                throw new InputException(file + ": expected a JSON array of schema versions [{version, fields}]");
            }
            return versions;
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the catalog's schema versions: " + e.getMessage(), e);
        }
    }

    static Map<String, Dataset<Row>> sources(SparkSession spark, JsonNode versions) {
        Map<String, Dataset<Row>> sources = new LinkedHashMap<>();
        for (JsonNode version : versions) {
            String ddl = StreamSupport.stream(version.path("fields").spliterator(), false)
                    .map(f -> "`" + f.path("name").asText().replace("`", "``") + "` " + f.path("type").asText())
                    .collect(Collectors.joining(", "));
            StructType schema;
            try {
                schema = StructType.fromDDL(ddl);
            } catch (Exception e) { // Spark's ParseException (a checked exception Scala does not declare)
                throw new InputException("catalog schema version " + version.path("version").asInt() + ": "
                        + CheckCommand.firstLine(e), e);
            }
            Dataset<Row> empty = spark.createDataFrame(List.of(), schema);
            sources.put(EvaluationOptions.CATALOG + "@" + version.path("version").asInt(), empty);
            sources.put(EvaluationOptions.CATALOG, empty);
        }
        return sources;
    }
}
