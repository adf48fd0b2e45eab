package io.steward.lineage;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The parts of an OpenLineage event (spec 2-0-2) the lineage graph keeps, as Jackson binds them.
 * Everything else (other facets, other fields) is skipped by the parser without being built:
 * binding these few records instead of a tree of the whole event is what lets one service take
 * thousands of events a second. Absent fields are null; OpenLineageReader checks them.
 */
final class OpenLineageJson {

    private OpenLineageJson() {
    }

    /** A RunEvent (run and job), a DatasetEvent (dataset) or a JobEvent (job). */
    record Event(String eventType, String eventTime, String producer, String schemaURL, Run run, Job job,
                 List<Dataset> inputs, List<Dataset> outputs, Dataset dataset) {
    }

    record Run(String runId, RunFacets facets) {
    }

    record RunFacets(ParentFacet parent, ErrorMessageFacet errorMessage) {
    }

    record ParentFacet(RunRef run, JobRef job, RootRef root) {
    }

    record RootRef(RunRef run) {
    }

    record RunRef(String runId) {
    }

    record JobRef(String namespace, String name) {
    }

    record ErrorMessageFacet(String message) {
    }

    record Job(String namespace, String name, JobFacets facets) {
    }

    record JobFacets(OwnershipFacet ownership, TagsFacet tags) {
    }

    record Dataset(String namespace, String name, DatasetFacets facets, InputFacets inputFacets,
                   OutputFacets outputFacets) {
    }

    record DatasetFacets(SchemaFacet schema, SymlinksFacet symlinks, VersionFacet version, OwnershipFacet ownership,
                         TagsFacet tags, PiiFacet stewardPii, MaskingFacet stewardMasking,
                         ColumnLineageFacet columnLineage) {
    }

    record SchemaFacet(List<SchemaField> fields) {
    }

    record SchemaField(String name, String type) {
    }

    record SymlinksFacet(List<Identifier> identifiers) {
    }

    record Identifier(String namespace, String name, String type) {
    }

    record VersionFacet(String datasetVersion) {
    }

    record OwnershipFacet(List<OwnerEntry> owners) {
    }

    record OwnerEntry(String name, String type) {
    }

    record TagsFacet(List<TagEntry> tags) {
    }

    record TagEntry(String key, String value, String source, String field) {
    }

    /** Steward's stewardPii: {"columns": {"email": [{"type": "EMAIL_ADDRESS", "score": 0.97}]}}. */
    record PiiFacet(Map<String, List<PiiEntity>> columns) {
    }

    record PiiEntity(String type, Double score) {
    }

    /** Steward's stewardMasking: {"columns": {"email": {"transform": "keyed_hash", "keyId": "k1"}}}. */
    record MaskingFacet(Map<String, Masking> columns) {
    }

    record Masking(String transform, String keyId) {
    }

    /** columnLineage: per output field its input fields, and (1.1+) the inputs influencing the whole dataset. */
    record ColumnLineageFacet(Map<String, FieldLineage> fields, List<InputField> dataset) {
    }

    /** transformationType and transformationDescription are the pre-1.1 form, for the field as a whole. */
    record FieldLineage(List<InputField> inputFields, String transformationType, String transformationDescription) {
    }

    record InputField(String namespace, String name, String field, List<Transformation> transformations) {
    }

    record Transformation(String type, String subtype, String description, Boolean masking) {
    }

    record InputFacets(QualityMetrics dataQualityMetrics, QualityAssertions dataQualityAssertions) {
    }

    /** Column metrics stay JSON: besides numbers they may hold objects (quantiles) the graph does not keep. */
    record QualityMetrics(Double rowCount, Double bytes, Double fileCount,
                          Map<String, Map<String, JsonNode>> columnMetrics) {
    }

    record QualityAssertions(List<AssertionEntry> assertions) {
    }

    record AssertionEntry(String assertion, String column, Boolean success) {
    }

    record OutputFacets(OutputStatistics outputStatistics) {
    }

    record OutputStatistics(Double rowCount, Double size, Double fileCount) {
    }
}
