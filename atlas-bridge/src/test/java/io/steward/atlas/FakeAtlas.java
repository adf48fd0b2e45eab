package io.steward.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * An HTTP stub that answers as Atlas' v2 REST API documents (and AtlasClientV2 expects: the
 * status each call must return, guids assigned to placeholder guids), remembering the types and
 * entities it was sent so a second sync sees what the first created. It also serves Steward's
 * catalog snapshot. Every request stays in WireMock's journal for the tests to check. Shared (as
 * this module's test jar) with the integration test that syncs the real service's catalog.
 */
public final class FakeAtlas implements AutoCloseable {

    public static final String TOKEN = "steward-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Set<String> types = new TreeSet<>(Set.of("DataSet", "Process", "Referenceable", "Asset"));
    public final Map<String, String> guids = new ConcurrentHashMap<>();
    /** The last version of every entity written, by qualifiedName, as its bulk request sent it. */
    public final Map<String, JsonNode> entities = new ConcurrentHashMap<>();
    public final WireMockServer server;

    public FakeAtlas() {
        server = new WireMockServer(options().dynamicPort().extensions(new Headers(), new TypesCreated(), new Bulk()));
        server.start();
        server.stubFor(get(urlPathMatching("/api/atlas/v2/types/typedefs/headers/?"))
                .willReturn(aResponse().withTransformers("headers")));
        server.stubFor(post(urlPathMatching("/api/atlas/v2/types/typedefs/?"))
                .willReturn(aResponse().withTransformers("types-created")));
        server.stubFor(post(urlPathMatching("/api/atlas/v2/entity/bulk/?")).willReturn(aResponse().withTransformers("bulk")));
        server.stubFor(delete(urlPathMatching("/api/atlas/v2/entity/bulk/?")).willReturn(json("{\"mutatedEntities\":{}}")));
        server.stubFor(post(urlPathMatching("/api/atlas/v2/entity/guid/[^/]+/classifications/?"))
                .willReturn(aResponse().withStatus(204)));
        server.stubFor(put(urlPathMatching("/api/atlas/v2/entity/guid/[^/]+/classifications/?"))
                .willReturn(aResponse().withStatus(204)));
        server.stubFor(delete(urlPathMatching("/api/atlas/v2/entity/guid/[^/]+/classification/[^/]+"))
                .willReturn(aResponse().withStatus(204)));
    }

    public String url() {
        return server.baseUrl();
    }

    /** Steward's side: the snapshot its service would give, for the test token only. */
    public void catalog(String snapshot) {
        server.stubFor(any(urlEqualTo("/api/v1/catalog/snapshot")).atPriority(1)
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + TOKEN))
                .willReturn(json(snapshot)));
        server.stubFor(any(urlEqualTo("/api/v1/catalog/snapshot")).atPriority(5).willReturn(aResponse().withStatus(401)));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseDefinition answer(JsonNode body) {
        return json(body.toString()).build();
    }

    /** An answer computed from the request, for the stubs that name it. */
    private abstract static class Answer implements ResponseDefinitionTransformerV2 {
        private final String name;

        Answer(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }

    /** GET typedefs/headers: every type Atlas has. */
    private final class Headers extends Answer {
        Headers() {
            super("headers");
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            ArrayNode headers = JSON.createArrayNode();
            types.forEach(t -> headers.addObject().put("name", t).put("guid", "type-" + t).put("category", "ENTITY"));
            return answer(headers);
        }
    }

    /** POST typedefs: remembers the names and answers with what was created. */
    private final class TypesCreated extends Answer {
        TypesCreated() {
            super("types-created");
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            JsonNode body = read(event.getRequest().getBodyAsString());
            for (String kind : new String[] {"entityDefs", "relationshipDefs", "classificationDefs", "structDefs", "enumDefs"}) {
                body.path(kind).forEach(def -> types.add(def.path("name").asText()));
            }
            return answer(body);
        }
    }

    /** POST entity/bulk: creates or updates by qualifiedName, assigning each placeholder guid a real one. */
    private final class Bulk extends Answer {
        Bulk() {
            super("bulk");
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            JsonNode body = read(event.getRequest().getBodyAsString());
            ObjectNode response = JSON.createObjectNode();
            ObjectNode assignments = response.putObject("guidAssignments");
            ObjectNode mutated = response.putObject("mutatedEntities");
            for (JsonNode entity : body.path("entities")) {
                String name = entity.path("attributes").path("qualifiedName").asText();
                entities.put(name, entity);
                boolean created = !guids.containsKey(name);
                String guid = guids.computeIfAbsent(name, n -> "guid-" + guids.size());
                assignments.put(entity.path("guid").asText(), guid);
                ArrayNode list = mutated.has(created ? "CREATE" : "UPDATE") ? (ArrayNode) mutated.get(created ? "CREATE"
                        : "UPDATE") : mutated.putArray(created ? "CREATE" : "UPDATE");
                list.addObject().put("typeName", entity.path("typeName").asText()).put("guid", guid)
                        .putObject("attributes").put("qualifiedName", name);
            }
            return answer(response);
        }
    }
}
