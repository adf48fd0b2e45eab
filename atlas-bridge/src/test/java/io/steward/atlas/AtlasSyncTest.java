package io.steward.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * `steward atlas sync` against an HTTP stub of Atlas' v2 REST API (Atlas itself needs HBase and
 * Solr): the requests it sends are checked against the shapes Atlas documents, for a catalog like
 * the demo's: raw customers with a confirmed email, a proposed phone number, and a published copy
 * whose email was replaced by a keyed hash.
 */
class AtlasSyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAGS = """
            [{"entityType": "EMAIL_ADDRESS", "confidence": 0.97, "source": "detected", "reviewState": "confirmed", "masked": false},
             {"entityType": "PERSON", "confidence": 0.6, "source": "detected", "reviewState": "rejected", "masked": false}]""";
    private static final String CATALOG = """
            {"takenAt": "2026-11-27T10:00:00Z",
             "datasets": [
              {"id": 1, "namespace": "s3://lake", "name": "raw.customers", "location": "s3://lake/raw/customers", "format": "parquet",
               "owner": "team:crm", "description": "Customers as the shop exports them", "classification": "restricted",
               "columns": [
                 {"name": "customer_id", "type": "bigint", "position": 0, "tags": []},
                 {"name": "email", "type": "string", "position": 1, "tags": %s},
                 {"name": "phone", "type": "string", "position": 2, "tags": [
                   {"entityType": "PHONE_NUMBER", "confidence": 0.8, "source": "detected", "reviewState": "proposed", "masked": false}]}]},
              {"id": 2, "namespace": "s3://lake", "name": "share.customers", "location": null, "format": "parquet",
               "owner": null, "description": null, "classification": "internal",
               "columns": [
                 {"name": "customer_id", "type": "bigint", "position": 0, "tags": []},
                 {"name": "email_hash", "type": "string", "position": 1, "tags": [
                   {"entityType": "EMAIL_ADDRESS", "confidence": 0.97, "source": "propagated", "reviewState": "confirmed",
                    "masked": true, "transform": "keyed-hash"}]}]}%s],
             "jobs": [
              {"id": 7, "namespace": "spark", "name": "publish_customers", "description": null,
               "inputs": [{"namespace": "s3://lake", "name": "raw.customers"}],
               "outputs": [{"namespace": "s3://lake", "name": "share.customers"}]}]}""";

    @TempDir
    Path directory;

    private FakeAtlas atlas;

    @BeforeEach
    void start() {
        atlas = new FakeAtlas();
        atlas.catalog(CATALOG.formatted(TAGS, ""));
    }

    @AfterEach
    void stop() {
        atlas.close();
    }

    private AtlasSync.Report sync(AtlasGateway.Auth auth) {
        try (AtlasGateway gateway = new AtlasGateway(atlas.url(), auth, new AtlasGateway.Retry(3, Duration.ofMillis(10)))) {
            return new AtlasSync(gateway, SyncState.load(directory.resolve("state.json"), atlas.url()), 2)
                    .run(StewardCatalog.fetch(atlas.url(), FakeAtlas.TOKEN));
        }
    }

    private AtlasSync.Report sync() {
        return sync(new AtlasGateway.Auth("admin", "secret", null));
    }

    private List<LoggedRequest> requests(String method, String pathStart) {
        return atlas.server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().startsWith(pathStart)).toList();
    }

    private static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entities of every bulk request, in order. */
    private List<JsonNode> entitiesSent() {
        List<JsonNode> entities = new ArrayList<>();
        requests("POST", "/api/atlas/v2/entity/bulk").forEach(r -> body(r).path("entities").forEach(entities::add));
        return entities;
    }

    private static List<String> definedNames(JsonNode definitions) {
        List<String> names = new ArrayList<>();
        definitions.forEach(d -> names.add(d.path("name").asText()));
        return names;
    }

    private static List<String> names(List<JsonNode> entities) {
        return entities.stream().map(e -> e.path("attributes").path("qualifiedName").asText()).toList();
    }

    @Test
    void firstSyncDefinesTypesAndPublishesDatasetsColumnsLineageAndConfirmedTags() {
        AtlasSync.Report report = sync();

        List<LoggedRequest> typedefs = requests("POST", "/api/atlas/v2/types/typedefs");
        assertThat(typedefs).hasSize(1);
        JsonNode types = body(typedefs.get(0));
        assertThat(definedNames(types.path("entityDefs")))
                .containsExactlyInAnyOrder("steward_dataset", "steward_column", "steward_job");
        assertThat(types.path("entityDefs").get(0).path("superTypes").get(0).asText()).isIn("DataSet", "Process");
        JsonNode relationship = types.path("relationshipDefs").get(0);
        assertThat(relationship.path("name").asText()).isEqualTo("steward_dataset_columns");
        assertThat(relationship.path("relationshipCategory").asText()).isEqualTo("COMPOSITION");
        assertThat(relationship.path("propagateTags").asText()).isEqualTo("NONE");
        assertThat(relationship.path("endDef1").path("name").asText()).isEqualTo("columns");
        assertThat(relationship.path("endDef2").path("type").asText()).isEqualTo("steward_column");
        List<String> classifications = definedNames(types.path("classificationDefs"));
        assertThat(classifications).contains("PII", "PII_EMAIL_ADDRESS", "PII_PHONE_NUMBER", "PII_US_SSN");
        assertThat(types.path("classificationDefs").get(1).path("superTypes").get(0).asText()).isEqualTo("PII");
        assertThat(report.typesCreated()).isEqualTo(classifications.size() + 4);

        // Datasets first, then columns (batches of 2), then the job: a reference always names something sent.
        List<JsonNode> entities = entitiesSent();
        assertThat(names(entities)).containsExactly("s3://lake:raw.customers", "s3://lake:share.customers",
                "s3://lake:raw.customers.customer_id", "s3://lake:raw.customers.email", "s3://lake:raw.customers.phone",
                "s3://lake:share.customers.customer_id", "s3://lake:share.customers.email_hash",
                "spark:publish_customers");
        assertThat(requests("POST", "/api/atlas/v2/entity/bulk")).hasSize(5);
        JsonNode raw = entities.get(0);
        assertThat(raw.path("typeName").asText()).isEqualTo("steward_dataset");
        assertThat(raw.path("guid").asText()).startsWith("-");
        assertThat(raw.path("attributes").path("owner").asText()).isEqualTo("team:crm");
        assertThat(raw.path("attributes").path("dataClassification").asText()).isEqualTo("restricted");
        JsonNode email = entities.get(3);
        assertThat(email.path("typeName").asText()).isEqualTo("steward_column");
        assertThat(email.path("attributes").path("dataType").asText()).isEqualTo("string");
        assertThat(email.path("relationshipAttributes").path("dataset").path("typeName").asText()).isEqualTo("steward_dataset");
        assertThat(email.path("relationshipAttributes").path("dataset").path("uniqueAttributes").path("qualifiedName")
                .asText()).isEqualTo("s3://lake:raw.customers");
        JsonNode job = entities.get(7);
        assertThat(job.path("typeName").asText()).isEqualTo("steward_job");
        assertThat(job.path("relationshipAttributes").path("inputs").findValuesAsText("qualifiedName"))
                .containsExactly("s3://lake:raw.customers");
        assertThat(job.path("relationshipAttributes").path("outputs").findValuesAsText("qualifiedName"))
                .containsExactly("s3://lake:share.customers");

        // Confirmed tags only: the rejected PERSON and the proposed phone number stay out of Atlas.
        List<LoggedRequest> classified = requests("POST", "/api/atlas/v2/entity/guid/");
        assertThat(classified).extracting(r -> r.getUrl().replaceAll("/$", "")).containsExactly(
                "/api/atlas/v2/entity/guid/" + atlas.guids.get("s3://lake:raw.customers.email") + "/classifications",
                "/api/atlas/v2/entity/guid/" + atlas.guids.get("s3://lake:share.customers.email_hash") + "/classifications");
        JsonNode plain = body(classified.get(0)).get(0);
        assertThat(plain.path("typeName").asText()).isEqualTo("PII_EMAIL_ADDRESS");
        assertThat(plain.path("attributes").path("confidence").asDouble()).isCloseTo(0.97, within(1e-6));
        assertThat(plain.path("attributes").path("source").asText()).isEqualTo("detected");
        assertThat(plain.path("propagate").asBoolean()).isTrue();
        // Steward stopped the email at the keyed hash: Atlas must not carry it further from there.
        assertThat(body(classified.get(1)).get(0).path("propagate").asBoolean()).isFalse();
        assertThat(report.classificationsAdded()).isEqualTo(2);
        assertThat(requests("GET", "/api/atlas/v2/").get(0).getHeader("Authorization")).startsWith("Basic ");
    }

    @Test
    void aSecondSyncOfTheSameCatalogWritesNothing() {
        sync();
        atlas.server.resetRequests();

        AtlasSync.Report again = sync();

        assertThat(again.typesCreated()).isZero();
        assertThat(again.entitiesWritten()).isZero();
        assertThat(again.entitiesUnchanged()).isEqualTo(8);
        assertThat(atlas.server.findAll(anyRequestedFor(anyUrl())).stream().map(r -> r.getMethod().getName()))
                .containsOnly("GET"); // the type headers and Steward's snapshot
    }

    @Test
    void changesAreSentAloneAndWhatStewardDroppedIsDeleted() {
        sync();
        atlas.server.resetRequests();
        // The email's tag is now a manual one with another confidence, and a new dataset appears.
        atlas.catalog(CATALOG.formatted(TAGS.replace("0.97, \"source\": \"detected\"", "1.0, \"source\": \"manual\""),
                ", {\"id\": 3, \"namespace\": \"s3://lake\", \"name\": \"tmp.scratch\", \"classification\": \"internal\"}"));

        AtlasSync.Report changed = sync();

        assertThat(names(entitiesSent())).containsExactly("s3://lake:tmp.scratch");
        assertThat(requests("PUT", "/api/atlas/v2/entity/guid/")).singleElement().satisfies(r -> {
            assertThat(r.getUrl()).contains(atlas.guids.get("s3://lake:raw.customers.email"));
            assertThat(body(r).get(0).path("attributes").path("source").asText()).isEqualTo("manual");
        });
        assertThat(requests("POST", "/api/atlas/v2/entity/guid/")).isEmpty();
        assertThat(changed.classificationsUpdated()).isEqualTo(1);

        // Then the email's tag is rejected and the scratch dataset dropped.
        atlas.server.resetRequests();
        atlas.catalog(CATALOG.formatted(TAGS.replace("\"confirmed\"", "\"rejected\""), ""));
        AtlasSync.Report dropped = sync();
        assertThat(requests("DELETE", "/api/atlas/v2/entity/guid/")).singleElement().extracting(LoggedRequest::getUrl)
                .isEqualTo("/api/atlas/v2/entity/guid/" + atlas.guids.get("s3://lake:raw.customers.email")
                        + "/classification/PII_EMAIL_ADDRESS");
        assertThat(requests("DELETE", "/api/atlas/v2/entity/bulk")).singleElement().extracting(LoggedRequest::getUrl)
                .asString().endsWith("?guid=" + atlas.guids.get("s3://lake:tmp.scratch"));
        assertThat(dropped.entitiesDeleted()).isEqualTo(1);
        assertThat(dropped.classificationsRemoved()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetried() {
        atlas.server.stubFor(post(urlPathMatching("/api/atlas/v2/entity/bulk/?")).atPriority(1).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovering"));
        atlas.server.stubFor(post(urlPathMatching("/api/atlas/v2/entity/bulk/?")).atPriority(1).inScenario("flaky")
                .whenScenarioStateIs("recovering").willReturn(aResponse().withStatus(502)).willSetStateTo("up"));

        AtlasSync.Report report = sync();

        assertThat(report.entitiesWritten()).isEqualTo(8);
        assertThat(requests("POST", "/api/atlas/v2/entity/bulk")).hasSize(7); // 2 failures, then 5 batches
    }

    @Test
    void aSyncThatFailsMidwayGoesOnWhereItStopped() {
        // Atlas keeps failing on the job: datasets and columns are in, their guids saved.
        var failing = atlas.server.stubFor(post(urlPathMatching("/api/atlas/v2/entity/bulk/?")).atPriority(1)
                .withRequestBody(containing("steward_job")).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(this::sync).isInstanceOf(SyncException.class)
                .hasMessageContaining("failed to write 1 entities 3 times (last: HTTP 500)")
                .hasMessageContaining("run the sync again");

        atlas.server.removeStub(failing);
        atlas.server.resetRequests();
        AtlasSync.Report resumed = sync();

        assertThat(names(entitiesSent())).containsExactly("spark:publish_customers");
        assertThat(resumed.entitiesUnchanged()).isEqualTo(7);
        assertThat(resumed.classificationsAdded()).isEqualTo(2);
    }

    @Test
    void refusalsAndWrongAddressesSayWhatToFix() {
        atlas.server.stubFor(get(urlPathMatching("/api/atlas/v2/types/typedefs/headers/?")).atPriority(1)
                .willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> sync(new AtlasGateway.Auth(null, null, "expired"))).isInstanceOf(SyncException.class)
                .hasMessageContaining("refused to read the type definitions (HTTP 401)")
                .hasMessageContaining("--token");
        assertThat(requests("GET", "/api/atlas/v2/").get(0).getHeader("Authorization")).isEqualTo("Bearer expired");

        atlas.server.stubFor(get(urlPathMatching("/api/atlas/v2/types/typedefs/headers/?")).atPriority(1)
                .willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(this::sync).isInstanceOf(SyncException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("--url must be Atlas' base URL");

        assertThatThrownBy(() -> StewardCatalog.fetch(atlas.url(), "someone-else")).isInstanceOf(SyncException.class)
                .hasMessageContaining("Steward refused");
        assertThat(requests("POST", "/api/atlas/v2/")).isEmpty();
    }

    @Test
    void aStateKeptForAnotherAtlasIsRefused() {
        sync();
        assertThatThrownBy(() -> SyncState.load(directory.resolve("state.json"), "http://other:21000"))
                .isInstanceOf(SyncException.class).hasMessageContaining("belongs to the Atlas at " + atlas.url());
    }
}
