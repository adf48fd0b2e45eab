package io.steward.service.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.steward.service.lineage.OpenLineageEvents.ColumnEdge;
import io.steward.service.lineage.OpenLineageEvents.DatasetName;
import io.steward.service.lineage.OpenLineageEvents.Event;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Locale;

/**
 * OpenLineage ingest: each new event is stored as it came and turned into graph rows (jobs, runs
 * and their state, the datasets runs read and wrote, column lineage with its masking flag) in the
 * same transaction; an event seen before changes nothing. PII tags then follow the new column
 * lineage (see TagPropagation), in that transaction too. Upserts are single statements, so
 * concurrent producers never race on a read-then-write.
 */
@ApplicationScoped
public class LineageService {

    /** How many events were new, and how many had been received before. */
    public record Ingested(int received, int duplicates) {
    }

    private final ObjectMapper json;
    private final io.steward.service.catalog.CatalogService catalog;

    public LineageService(ObjectMapper json, io.steward.service.catalog.CatalogService catalog) {
        this.json = json;
        this.catalog = catalog;
    }

    /** @param actor who sent the events: schema versions they record are audited as theirs */
    @WithTransaction
    public Uni<Ingested> ingest(JsonNode body, String actor) {
        List<Event> events = OpenLineageEvents.read(body, json);
        return Panache.getSession().flatMap(session -> {
            Uni<int[]> counts = Uni.createFrom().item(new int[2]);
            for (Event event : events) {
                counts = counts.flatMap(c -> store(session, event, actor).map(fresh -> {
                    c[fresh ? 0 : 1]++;
                    return c;
                }));
            }
            return counts.flatMap(c -> (c[0] > 0 ? TagPropagation.run(session) : Uni.createFrom().voidItem())
                    .map(v -> new Ingested(c[0], c[1])));
        });
    }

    /** @return false when the event had been received before (nothing else is written then) */
    private Uni<Boolean> store(Mutiny.Session session, Event event, String actor) {
        Uni<Long> job = event.jobName() == null ? Uni.createFrom().item(-1L)
                : jobId(session, event.jobNamespace(), event.jobName());
        return job.flatMap(jobId -> session.createNativeQuery("insert into lineage_event (event_key, event_kind, "
                                + "event_type, event_time, run_id, job_id, producer, payload) values (:key, :kind, "
                                + "cast(:type as text), :time, cast(:run as uuid), cast(:job as bigint), :producer, :payload) "
                                + "on conflict (event_key) do nothing")
                        .setParameter("key", event.key())
                        .setParameter("kind", event.kind().name().toLowerCase(Locale.ROOT))
                        .setParameter("type", event.eventType())
                        .setParameter("time", event.time())
                        .setParameter("run", event.runId() == null ? null : event.runId().toString())
                        .setParameter("job", jobId < 0 ? null : jobId)
                        .setParameter("producer", event.producer())
                        .setParameter("payload", event.canonical())
                        .executeUpdate()
                        .flatMap(inserted -> inserted == 0 ? Uni.createFrom().item(false)
                                : graph(session, event, jobId, actor).replaceWith(true)));
    }

    private Uni<Void> graph(Mutiny.Session session, Event event, long jobId, String actor) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        // Schema facets feed the catalog's schema versions (a new version only when the fields changed).
        for (OpenLineageEvents.Schema schema : event.schemas()) {
            chain = chain.flatMap(v -> datasetId(session, schema.dataset()).flatMap(id -> catalog.recordSchema(id,
                    new io.steward.service.catalog.CatalogApi.SchemaRequest(schema.fields()), actor))).replaceWithVoid();
        }
        if (event.kind() == OpenLineageEvents.Kind.RUN) {
            chain = chain.flatMap(v -> run(session, event, jobId));
        }
        for (DatasetName input : event.inputs()) {
            chain = chain.flatMap(v -> datasetId(session, input).flatMap(id -> io(session, event, id, "input")));
        }
        for (DatasetName output : event.outputs()) {
            chain = chain.flatMap(v -> datasetId(session, output).flatMap(id -> io(session, event, id, "output")));
        }
        for (ColumnEdge edge : event.columns()) {
            chain = chain.flatMap(v -> datasetId(session, edge.output()).flatMap(output ->
                    datasetId(session, edge.source().dataset()).flatMap(input -> column(session, event, edge, output,
                            input))));
        }
        return chain;
    }

    /** A run's state follows its newest event; it started at START and ended at COMPLETE, FAIL or ABORT. */
    private static Uni<Void> run(Mutiny.Session session, Event event, long jobId) {
        String state = event.eventType() == null ? "OTHER" : event.eventType();
        boolean ends = state.equals("COMPLETE") || state.equals("FAIL") || state.equals("ABORT");
        return session.createNativeQuery("insert into lineage_run (run_id, job_id, parent_run_id, state, started_at, "
                        + "ended_at, updated_at) values (cast(:run as uuid), :job, cast(:parent as uuid), :state, "
                        + "cast(:started as timestamptz), cast(:ended as timestamptz), :time) "
                        + "on conflict (run_id) do update set "
                        + "state = case when excluded.updated_at >= lineage_run.updated_at then excluded.state "
                        + "else lineage_run.state end, "
                        + "started_at = coalesce(lineage_run.started_at, excluded.started_at), "
                        + "ended_at = coalesce(excluded.ended_at, lineage_run.ended_at), "
                        + "parent_run_id = coalesce(lineage_run.parent_run_id, excluded.parent_run_id), "
                        + "updated_at = greatest(lineage_run.updated_at, excluded.updated_at)")
                .setParameter("run", event.runId().toString())
                .setParameter("job", jobId)
                .setParameter("parent", event.parentRunId() == null ? null : event.parentRunId().toString())
                .setParameter("state", state)
                .setParameter("started", state.equals("START") ? event.time() : null)
                .setParameter("ended", ends ? event.time() : null)
                .setParameter("time", event.time())
                .executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> io(Mutiny.Session session, Event event, long datasetId, String direction) {
        if (event.runId() == null) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("insert into lineage_io (run_id, dataset_id, direction) values "
                        + "(cast(:run as uuid), :dataset, :direction) on conflict do nothing")
                .setParameter("run", event.runId().toString())
                .setParameter("dataset", datasetId)
                .setParameter("direction", direction)
                .executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> column(Mutiny.Session session, Event event, ColumnEdge edge, long output, long input) {
        return session.createNativeQuery("insert into column_lineage (output_dataset_id, output_column, input_dataset_id, "
                        + "input_column, transformation, subtype, masking, run_id) values (:output, :outputColumn, :input, "
                        + ":inputColumn, :type, :subtype, :masking, cast(:run as uuid)) on conflict (output_dataset_id, "
                        + "output_column, input_dataset_id, input_column, transformation, subtype) do update set "
                        + "masking = excluded.masking, run_id = coalesce(excluded.run_id, column_lineage.run_id)")
                .setParameter("output", output)
                .setParameter("outputColumn", edge.field())
                .setParameter("input", input)
                .setParameter("inputColumn", edge.source().field())
                .setParameter("type", edge.source().type())
                .setParameter("subtype", edge.source().subtype())
                .setParameter("masking", edge.source().masking())
                .setParameter("run", event.runId() == null ? null : event.runId().toString())
                .executeUpdate().replaceWithVoid();
    }

    /** The catalog's job of that name, made if new. */
    private static Uni<Long> jobId(Mutiny.Session session, String namespace, String name) {
        return session.createNativeQuery("insert into job (namespace, name) values (:namespace, :name) "
                        + "on conflict (namespace, name) do nothing")
                .setParameter("namespace", namespace).setParameter("name", name).executeUpdate()
                .flatMap(v -> session.createNativeQuery("select id from job where namespace = :namespace and name = :name",
                                Long.class)
                        .setParameter("namespace", namespace).setParameter("name", name).getSingleResult());
    }

    /** The catalog's dataset of that name, registered (internal, no location yet) if new. */
    private static Uni<Long> datasetId(Mutiny.Session session, DatasetName dataset) {
        return session.createNativeQuery("insert into dataset (namespace, name) values (:namespace, :name) "
                        + "on conflict (namespace, name) do nothing")
                .setParameter("namespace", dataset.namespace()).setParameter("name", dataset.name()).executeUpdate()
                .flatMap(v -> session.createNativeQuery("select id from dataset where namespace = :namespace and "
                                + "name = :name", Long.class)
                        .setParameter("namespace", dataset.namespace()).setParameter("name", dataset.name())
                        .getSingleResult());
    }
}
