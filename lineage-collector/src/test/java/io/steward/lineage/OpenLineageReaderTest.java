package io.steward.lineage;

import io.steward.lineage.LineageEvent.ColumnEdge;
import io.steward.lineage.LineageEvent.Direction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenLineageReaderTest {

    private final OpenLineageReader reader = new OpenLineageReader();

    private List<LineageEvent> read(String text) {
        return reader.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static final String EVENT = """
            {"eventType": "COMPLETE", "eventTime": "2026-11-27T10:00:00Z", "producer": "p", "schemaURL": "s",
             "run": {"runId": "0f6f0e3c-9c7b-4a8b-8d5e-2f1f5b9f0a11", "facets": {"errorMessage": {"message": "boom"}}},
             "job": {"namespace": "spark", "name": "mask"},
             "inputs": [{"namespace": "s3://lake", "name": "raw", "inputFacets": {"dataQualityMetrics": {"rowCount": 10,
               "columnMetrics": {"email": {"nullCount": 1}}}}}],
             "outputs": [{"namespace": "s3://lake", "name": "clean", "facets": {"stewardPii": {"columns": {"email_hash":
               [{"type": "EMAIL_ADDRESS", "score": 0.9}]}}, "columnLineage": {"fields": {"email_hash": {"inputFields": [
               {"namespace": "s3://lake", "name": "raw", "field": "email", "transformations": [
               {"type": "DIRECT", "subtype": "TRANSFORMATION", "description": "sha2", "masking": true}]}]}}}},
               "outputFacets": {"outputStatistics": {"rowCount": 9}}}]}""";

    @Test
    void readsLineageAndTheFacetsTheGraphKeeps() {
        LineageEvent event = read(EVENT).get(0);
        assertThat(event.kind()).isEqualTo(LineageEvent.Kind.RUN);
        assertThat(event.errorMessage()).isEqualTo("boom");
        assertThat(event.datasets(Direction.INPUT).get(0).rowCount()).isEqualTo(10);
        assertThat(event.datasets(Direction.INPUT).get(0).metrics()).containsExactly(
                new LineageEvent.Metric("", "rowCount", 10), new LineageEvent.Metric("email", "nullCount", 1));
        assertThat(event.datasets(Direction.OUTPUT).get(0).rowCount()).isEqualTo(9);
        assertThat(event.datasets(Direction.OUTPUT).get(0).pii()).containsExactly(
                new LineageEvent.PiiClassification("email_hash", "EMAIL_ADDRESS", 0.9));
        ColumnEdge edge = event.columns().get(0);
        assertThat(edge.output().toString()).isEqualTo("s3://lake:clean.email_hash");
        assertThat(edge.input().toString()).isEqualTo("s3://lake:raw.email");
        assertThat(edge.masking()).isTrue();
        assertThat(edge.description()).isEqualTo("sha2");
    }

    @Test
    void schemaFieldsReadAsSparkCatalogTypesNestedOnesToo() {
        String event = """
                {"eventType": "COMPLETE", "eventTime": "2026-11-27T10:00:00Z", "producer": "p", "schemaURL": "s",
                 "run": {"runId": "0f6f0e3c-9c7b-4a8b-8d5e-2f1f5b9f0a11"}, "job": {"namespace": "spark", "name": "ingest"},
                 "outputs": [{"namespace": "file", "name": "/lake/orders", "facets": {"schema": {"fields": [
                   {"name": "id", "type": "long"}, {"name": "qty", "type": "integer"},
                   {"name": "shipping", "type": "struct", "fields": [{"name": "city", "type": "string"},
                     {"name": "geo", "type": "struct", "fields": [{"name": "lat", "type": "double"}]}]},
                   {"name": "items", "type": "array", "fields": [{"name": "sku", "type": "string"}]},
                   {"name": "note"}]}}}]}""";
        assertThat(read(event).get(0).datasets(Direction.OUTPUT).get(0).schema()).containsExactly(
                new LineageEvent.Field("id", "bigint"), new LineageEvent.Field("qty", "int"),
                new LineageEvent.Field("shipping", "struct<city:string,geo:struct<lat:double>>"),
                new LineageEvent.Field("items", "array<struct<sku:string>>"),
                new LineageEvent.Field("note", "unknown"));
    }

    @Test
    void eachEventKeepsItsOwnTextAndTheSameTextHasTheSameKey() {
        LineageEvent a = read(EVENT).get(0);
        List<LineageEvent> batch = read("[ " + EVENT + ",\n" + EVENT + " ]");
        assertThat(batch).extracting(event -> event.received().text()).containsOnly(EVENT);
        assertThat(batch).extracting(LineageEvent::key).containsOnly(a.key());
        LineageEvent later = read(EVENT.replace("10:00:00Z", "11:00:00Z")).get(0);
        assertThat(later.key()).isNotEqualTo(a.key());
        assertThat(later.jobVersion()).isEqualTo(a.jobVersion());
        assertThat(read(EVENT.replace("\"masking\": true", "\"masking\": false")).get(0).jobVersion())
                .isNotEqualTo(a.jobVersion());
    }

    @Test
    void bodiesThatAreNotEventsSayWhere() {
        assertThatThrownBy(() -> read("[" + EVENT + ", 3]")).hasMessage("event 1: not a JSON object");
        assertThatThrownBy(() -> read("{\"eventTime\": ")).hasMessageStartingWith("the body is not JSON: line 1:");
        assertThatThrownBy(() -> read(EVENT + " {}")).hasMessageStartingWith("the body has text after its last event");
        assertThatThrownBy(() -> read("\"text\"")).hasMessage("the body is an OpenLineage event or an array of events");
    }

    @Test
    void badFacetsAreNamedWithTheirPath() {
        assertThatThrownBy(() -> read("[" + EVENT + "," + EVENT.replace("\"rowCount\": 9", "\"rowCount\": -1") + "]"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("event 1: outputs[0].outputFacets.outputStatistics.rowCount must be a whole number, at least 0");
        assertThatThrownBy(() -> read(EVENT.replace("\"score\": 0.9", "\"score\": 3")))
                .hasMessage("event: outputs[0].facets.stewardPii.columns.email_hash[0]: score is required, between 0 and 1");
        assertThatThrownBy(() -> read(EVENT.replace("\"type\": \"DIRECT\", ", "")))
                .hasMessage("event: outputs[0].facets.columnLineage.fields.email_hash.inputFields[0].transformations[0]: "
                        + "type is required (a non-empty string)");
        assertThatThrownBy(() -> read(EVENT.replace("\"eventType\": \"COMPLETE\"", "\"eventType\": \"DONE\"")))
                .hasMessage("event: eventType 'DONE' is not one of [ABORT, COMPLETE, FAIL, OTHER, RUNNING, START]");
    }

    @Test
    void valuesOfTheWrongTypeAreNamedWithTheirPathNotConverted() {
        assertThatThrownBy(() -> read(EVENT.replace("\"name\": \"mask\"", "\"name\": 3")))
                .isInstanceOf(InvalidEventException.class).hasMessage("event: job.name must be a string");
        assertThatThrownBy(() -> read("[" + EVENT + "," + EVENT.replace("\"rowCount\": 9", "\"rowCount\": \"9\"") + "]"))
                .hasMessage("event 1: outputs[0].outputFacets.outputStatistics.rowCount must be a number");
        assertThatThrownBy(() -> read(EVENT.replace("\"masking\": true", "\"masking\": \"yes\"")))
                .hasMessage("event: outputs[0].facets.columnLineage.fields.email_hash.inputFields[0].transformations[0]"
                        + ".masking must be true or false");
        assertThatThrownBy(() -> read(EVENT.replace("\"inputs\": [", "\"inputs\": [null, ")))
                .hasMessage("event: inputs[0] must be an object");
        assertThatThrownBy(() -> read(EVENT.replace("\"job\": {\"namespace\"", "\"job\": [], \"x\": {\"namespace\"")))
                .hasMessage("event: job must be an object");
    }

    @Test
    void facetsStewardDoesNotKeepAreSkippedWhateverTheirShape() {
        String withOthers = EVENT.replace("\"job\": {\"namespace\": \"spark\", \"name\": \"mask\"}",
                "\"job\": {\"namespace\": \"spark\", \"name\": \"mask\", \"facets\": {\"sql\": {\"query\": 3},"
                        + " \"custom\": [1, {\"a\": null}]}}, \"extra\": true");
        assertThat(read(withOthers).get(0).columns()).isEqualTo(read(EVENT).get(0).columns());
    }

    @Test
    void readsTheParentRunTheDatasetLevelLineageAndThePreOneOneFieldForm() {
        String event = """
                {"eventTime": "2026-11-27T10:00:00Z", "producer": "p", "schemaURL": "s", "eventType": "START",
                 "outputs": [{"facets": {"columnLineage": {"fields": {
                     "id": {"inputFields": [{"namespace": "db", "name": "a", "field": "id"}], "transformationType": "IDENTITY"},
                     "n": {"transformationDescription": "count", "inputFields": [{"namespace": "db", "name": "a", "field": "x"}]}},
                   "dataset": [{"namespace": "db", "name": "a", "field": "k", "transformations": [
                     {"type": "INDIRECT", "subtype": "JOIN"}]}]}},
                   "namespace": "db", "name": "b"}],
                 "job": {"name": "j", "namespace": "airflow"},
                 "run": {"facets": {"parent": {"job": {"namespace": "airflow", "name": "dag"},
                   "run": {"runId": "0f6f0e3c-9c7b-4a8b-8d5e-2f1f5b9f0a12"},
                   "root": {"run": {"runId": "0f6f0e3c-9c7b-4a8b-8d5e-2f1f5b9f0a13"}}}},
                   "runId": "0f6f0e3c-9c7b-4a8b-8d5e-2f1f5b9f0a11"}}""";
        LineageEvent read = read(event).get(0);
        assertThat(read.parent().runId().toString()).isEqualTo("0f6f0e3c-9c7b-4a8b-8d5e-2f1f5b9f0a12");
        assertThat(read.parent().job().toString()).isEqualTo("airflow:dag");
        assertThat(read.parent().rootRunId().toString()).isEqualTo("0f6f0e3c-9c7b-4a8b-8d5e-2f1f5b9f0a13");
        assertThat(read.columns()).extracting(c -> c.output().toString() + " <- " + c.input() + " " + c.type() + "/"
                + c.subtype() + " " + c.description()).containsExactly(
                "db:b.id <- db:a.id DIRECT/IDENTITY ", "db:b.n <- db:a.x UNKNOWN/ count");
        assertThat(read.dependencies()).containsExactly(new LineageEvent.DatasetDependency(
                new Names.DatasetName("db", "b"), new Names.FieldName(new Names.DatasetName("db", "a"), "k"),
                "INDIRECT", "JOIN"));
        assertThatThrownBy(() -> read(event.replace("\"runId\": \"0f6f0e3c-9c7b-4a8b-8d5e-2f1f5b9f0a11\"", "\"x\": 1")))
                .hasMessage("event: run: runId is required (a UUID)");
        assertThatThrownBy(() -> read(event.replace("\"name\": \"dag\"", "\"name\": \"\"")))
                .hasMessage("event: run.facets.parent.job: name is required (a non-empty string)");
    }
}
