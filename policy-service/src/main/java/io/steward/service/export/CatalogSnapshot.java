package io.steward.service.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steward.service.lineage.LiveEdges;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Everything Steward knows about its catalog at one moment, for systems that mirror it (the Atlas
 * bridge): datasets with their columns and PII tags, and jobs with the inputs and outputs they
 * have now (live edges). One statement whatever the catalog's size, building its JSON in
 * PostgreSQL: one snapshot of the database, so jobs never name a dataset the list lacks.
 */
@ApplicationScoped
public class CatalogSnapshot {

    public record Tag(String entityType, double confidence, String source, String reviewState, boolean masked,
                      String transform) {
    }

    public record Column(String name, String type, int position, List<Tag> tags) {
    }

    public record Dataset(long id, String namespace, String name, String location, String format, String owner,
                          String description, String classification, List<Column> columns) {
    }

    public record DatasetRef(String namespace, String name) {
    }

    public record Job(long id, String namespace, String name, String description, List<DatasetRef> inputs,
                      List<DatasetRef> outputs) {
    }

    public record Snapshot(OffsetDateTime takenAt, List<Dataset> datasets, List<Job> jobs) {
    }

    private final ObjectMapper json;

    public CatalogSnapshot(ObjectMapper json) {
        this.json = json;
    }

    @WithSession
    public Uni<Snapshot> take() {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        select json_build_object(
                            'datasets', (select coalesce(json_agg(json_build_object('id', d.id, 'namespace', d.namespace,
                                   'name', d.name, 'location', d.location, 'format', d.format, 'owner', d.owner,
                                   'description', d.description, 'classification', d.classification,
                                   'columns', coalesce((select json_agg(json_build_object('name', c.name, 'type', c.data_type,
                                       'position', c.position,
                                       'tags', coalesce((select json_agg(json_build_object('entityType', t.entity_type,
                                           'confidence', t.confidence, 'source', t.source, 'reviewState', t.review_state,
                                           'masked', t.masked, 'transform', t.transform) order by t.entity_type)
                                           from column_tag t where t.column_id = c.id), '[]'))
                                       order by c.position, c.name) from dataset_column c where c.dataset_id = d.id), '[]'))
                                   order by d.namespace, d.name), '[]') from dataset d),
                            'jobs', (select coalesce(json_agg(json_build_object('id', j.id, 'namespace', j.namespace,
                                   'name', j.name, 'description', j.description,
                                   'inputs', coalesce((select json_agg(json_build_object('namespace', d.namespace,
                                       'name', d.name) order by d.namespace, d.name) from job_io io
                                       join dataset d on d.id = io.dataset_id
                                       where io.job_id = j.id and io.direction = 'input' and %1$s), '[]'),
                                   'outputs', coalesce((select json_agg(json_build_object('namespace', d.namespace,
                                       'name', d.name) order by d.namespace, d.name) from job_io io
                                       join dataset d on d.id = io.dataset_id
                                       where io.job_id = j.id and io.direction = 'output' and %1$s), '[]'))
                                   order by j.namespace, j.name), '[]') from job j))::text""".formatted(LiveEdges.io("io")),
                        String.class)
                .setParameter("asOf", now).getSingleResult()
                .map(text -> {
                    Parts parts = read(text);
                    return new Snapshot(now, parts.datasets(), parts.jobs());
                }));
    }

    /** What the statement builds, before the time is added. */
    private record Parts(List<Dataset> datasets, List<Job> jobs) {
    }

    private Parts read(String text) {
        try {
            return json.readValue(text, Parts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalog snapshot is not the JSON its query builds", e);
        }
    }
}
