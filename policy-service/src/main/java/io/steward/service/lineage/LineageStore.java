package io.steward.service.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.steward.lineage.LineageEvent;
import io.steward.lineage.LineageEvent.ColumnEdge;
import io.steward.lineage.LineageEvent.DatasetFacts;
import io.steward.lineage.LineageEvent.Direction;
import io.steward.lineage.Names.DatasetName;
import io.steward.lineage.Names.JobName;
import io.steward.service.audit.AuditLog;
import io.steward.service.catalog.CatalogApi;
import org.hibernate.reactive.mutiny.Mutiny;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a batch of events and the graph rows they produce, in the caller's transaction, with a
 * fixed number of set-based statements whatever the batch's size: each statement takes its rows
 * as one JSON parameter (jsonb_to_recordset), so a batch of 500 events with 40 columns each is a
 * dozen round trips, not thousands. Rows are merged in Java first (a run's START and COMPLETE in
 * one batch become one run row) because one upsert may not touch a row twice.
 *
 * <p>Only events not seen before produce graph rows. Column lineage edges, and which job versions
 * hold them, are written only for a job shape (job version) seen for the first time: a job running
 * again as before costs its raw event, its run, its io and a job_shape row, not its column lineage
 * again. Which edges are live at a time follows from job_shape (see V006).
 */
final class LineageStore {

    /** What one batch changed that others must follow up: edges and tagged columns for propagation. */
    record Written(List<LineageEvent> fresh, List<Long> newEdges, List<Long> taggedColumns,
                   List<String> maskedColumns) {
    }

    private final ObjectMapper json;
    private final AuditLog audit;

    LineageStore(ObjectMapper json, AuditLog audit) {
        this.json = json;
        this.audit = audit;
    }

    Uni<Written> write(Mutiny.Session session, List<LineageEvent> batch, String actor) {
        // In event time order: the first row kept for a key is the earliest (first seen), the last the newest.
        List<LineageEvent> events = batch.stream().sorted(Comparator.comparing(LineageEvent::time)).toList();
        return names(session, events)
                .flatMap(v -> rawEvents(session, events))
                .flatMap(fresh -> fresh.isEmpty()
                        ? Uni.createFrom().item(new Written(fresh, List.of(), List.of(), List.of()))
                        : graph(session, fresh, actor));
    }

    private Uni<Written> graph(Mutiny.Session session, List<LineageEvent> fresh, String actor) {
        return jobVersions(session, fresh)
                .flatMap(newVersions -> runs(session, fresh)
                        .flatMap(v -> shapes(session, fresh))
                        .flatMap(v -> io(session, fresh, newVersions))
                        .flatMap(v -> schemas(session, fresh, actor))
                        .flatMap(v -> datasetVersions(session, fresh))
                        .flatMap(v -> facets(session, fresh))
                        .flatMap(v -> dependencies(session, fresh, newVersions))
                        .flatMap(v -> masking(session, fresh))
                        .flatMap(masked -> columns(session, fresh, newVersions)
                                .flatMap(edges -> pii(session, fresh)
                                        .map(columns -> new Written(fresh, edges, columns, masked)))));
    }

    /** Namespaces, datasets and jobs the events name, each registered once. */
    private Uni<Void> names(Mutiny.Session session, List<LineageEvent> events) {
        Map<String, OffsetDateTime> namespaces = new LinkedHashMap<>();
        Set<DatasetName> datasets = new java.util.LinkedHashSet<>();
        Set<JobName> jobs = new java.util.LinkedHashSet<>();
        for (LineageEvent event : events) {
            if (event.job() != null) {
                jobs.add(event.job());
                namespaces.putIfAbsent(event.job().namespace(), event.time());
            }
            if (event.parent() != null) {
                jobs.add(event.parent().job());
            }
            for (DatasetFacts dataset : event.datasets()) {
                datasets.add(dataset.name());
                namespaces.putIfAbsent(dataset.name().namespace(), event.time());
            }
            for (ColumnEdge edge : event.columns()) {
                datasets.add(edge.input().dataset());
                datasets.add(edge.output().dataset());
            }
        }
        Rows ns = new Rows();
        namespaces.forEach((name, time) -> ns.add().put("name", name).put("at", time.toString()));
        Rows ds = new Rows();
        datasets.forEach(d -> ds.add().put("ns", d.namespace()).put("name", d.name()));
        Rows js = new Rows();
        jobs.forEach(j -> js.add().put("ns", j.namespace()).put("name", j.name()));
        return session.createNativeQuery("""
                        with namespaces as (
                            insert into lineage_namespace (name, first_seen)
                            select name, at from jsonb_to_recordset(cast(cast(:namespaces as text) as jsonb)) as x(name text, at timestamptz)
                            where not exists (select 1 from lineage_namespace n where n.name = x.name and n.first_seen <= x.at)
                            on conflict (name) do update set first_seen = excluded.first_seen
                            where excluded.first_seen < lineage_namespace.first_seen
                        ), jobs as (
                            insert into job (namespace, name)
                            select ns, name from jsonb_to_recordset(cast(cast(:jobs as text) as jsonb)) as x(ns text, name text)
                            order by ns, name
                            on conflict (namespace, name) do nothing
                        )
                        insert into dataset (namespace, name)
                        select ns, name from jsonb_to_recordset(cast(cast(:datasets as text) as jsonb)) as x(ns text, name text)
                        order by ns, name
                        on conflict (namespace, name) do nothing""")
                .setParameter("namespaces", ns.text()).setParameter("jobs", js.text())
                .setParameter("datasets", ds.text()).executeUpdate().replaceWithVoid();
    }

    /**
     * Stores each event as received (append-only); returns those not seen before. The events'
     * bytes go to PostgreSQL as the request body they came in, once, in binary, and are sliced
     * there: no copy per event, and no escaping a megabyte of JSON into a JSON parameter.
     */
    private Uni<List<LineageEvent>> rawEvents(Mutiny.Session session, List<LineageEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, LineageEvent> byKey = new LinkedHashMap<>();
        events.forEach(e -> byKey.putIfAbsent(e.key(), e));
        byte[] body = events.get(0).received().body();
        Rows rows = new Rows();
        for (LineageEvent event : byKey.values()) {
            if (event.received().body() != body) {
                throw new IllegalArgumentException("a batch is the events of one request body");
            }
            ObjectNode row = rows.add().put("key", event.key()).put("kind", event.kind().name().toLowerCase(Locale.ROOT))
                    .put("type", event.eventType()).put("at", event.time().toString())
                    .put("run", event.runId() == null ? null : event.runId().toString())
                    .put("producer", event.producer()).put("pos", event.received().offset())
                    .put("len", event.received().length());
            if (event.job() != null) {
                row.put("jns", event.job().namespace()).put("jname", event.job().name());
            }
        }
        return session.createNativeQuery("""
                        insert into lineage_event (event_key, event_kind, event_type, event_time, run_id, job_id, producer,
                                                   payload)
                        select x.key, x.kind, x.type, x.at, x.run, j.id, x.producer,
                               convert_from(substring(cast(:body as bytea) from x.pos + 1 for x.len), 'UTF8')
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(key text, kind text, type text, at timestamptz,
                             run uuid, jns text, jname text, producer text, pos int, len int)
                        left join job j on j.namespace = x.jns and j.name = x.jname
                        on conflict (event_key) do nothing
                        returning event_key""", String.class)
                .setParameter("body", body).setParameter("rows", rows.text()).getResultList()
                .map(keys -> {
                    Set<String> fresh = new HashSet<>(keys);
                    return byKey.values().stream().filter(e -> fresh.contains(e.key())).toList();
                });
    }

    /** Job versions (shapes) not seen before, as "namespace:name version". */
    private Uni<Set<String>> jobVersions(Mutiny.Session session, List<LineageEvent> fresh) {
        Set<String> versions = new HashSet<>();
        Rows rows = new Rows();
        for (LineageEvent event : fresh) {
            if (event.job() == null) {
                continue;
            }
            if (versions.add(event.job() + " " + event.jobVersion())) {
                rows.add().put("ns", event.job().namespace()).put("name", event.job().name())
                        .put("version", event.jobVersion()).put("at", event.time().toString());
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return session.createNativeQuery("""
                        insert into job_version (job_id, version, created_at)
                        select j.id, x.version, x.at
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(ns text, name text, version text, at timestamptz)
                        join job j on j.namespace = x.ns and j.name = x.name
                        on conflict (job_id, version) do nothing
                        returning (select namespace || ':' || name from job where id = job_id) || ' ' || version""",
                        String.class)
                .setParameter("rows", rows.text()).getResultList().map(HashSet::new);
    }

    /**
     * One row per run: its state is that of its newest event, it started at START and ended at
     * COMPLETE, FAIL or ABORT, whatever order they arrive in; every state is kept as a transition.
     */
    private Uni<Void> runs(Mutiny.Session session, List<LineageEvent> fresh) {
        Map<UUID, List<LineageEvent>> byRun = new LinkedHashMap<>();
        fresh.stream().filter(e -> e.runId() != null)
                .forEach(e -> byRun.computeIfAbsent(e.runId(), id -> new ArrayList<>()).add(e));
        if (byRun.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Rows runs = new Rows();
        Rows states = new Rows();
        byRun.forEach((runId, events) -> {
            LineageEvent newest = events.stream().max(Comparator.comparing(LineageEvent::time)).orElseThrow();
            ObjectNode row = runs.add().put("run", runId.toString()).put("ns", newest.job().namespace())
                    .put("name", newest.job().name()).put("state", state(newest)).put("at", newest.time().toString())
                    .put("version", newest.jobVersion());
            events.stream().filter(e -> "START".equals(e.eventType())).map(LineageEvent::time).min(Comparator.naturalOrder())
                    .ifPresent(t -> row.put("started", t.toString()));
            events.stream().filter(LineageEvent::ends).map(LineageEvent::time).max(Comparator.naturalOrder())
                    .ifPresent(t -> row.put("ended", t.toString()));
            events.stream().filter(e -> e.parent() != null).findFirst().ifPresent(e -> {
                row.put("parent", e.parent().runId().toString());
                if (e.parent().rootRunId() != null) {
                    row.put("root", e.parent().rootRunId().toString());
                }
            });
            events.stream().filter(e -> e.errorMessage() != null).max(Comparator.comparing(LineageEvent::time))
                    .ifPresent(e -> row.put("error", e.errorMessage()));
            events.forEach(e -> states.add().put("run", runId.toString()).put("state", state(e))
                    .put("at", e.time().toString()));
        });
        return session.createNativeQuery("""
                        insert into lineage_run (run_id, job_id, parent_run_id, state, started_at, ended_at, updated_at,
                                                 job_version_id, error_message, root_run_id)
                        select x.run, j.id, x.parent, x.state, x.started, x.ended, x.at, v.id, x.error, x.root
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(run uuid, ns text, name text, parent uuid,
                             root uuid,
                             state text, started timestamptz, ended timestamptz, at timestamptz, version text, error text)
                        join job j on j.namespace = x.ns and j.name = x.name
                        left join job_version v on v.job_id = j.id and v.version = x.version
                        on conflict (run_id) do update set
                            state = case when excluded.updated_at >= lineage_run.updated_at then excluded.state
                                    else lineage_run.state end,
                            job_version_id = case when excluded.updated_at >= lineage_run.updated_at
                                    then coalesce(excluded.job_version_id, lineage_run.job_version_id)
                                    else lineage_run.job_version_id end,
                            started_at = least(lineage_run.started_at, excluded.started_at),
                            ended_at = greatest(excluded.ended_at, lineage_run.ended_at),
                            parent_run_id = coalesce(lineage_run.parent_run_id, excluded.parent_run_id),
                            root_run_id = coalesce(lineage_run.root_run_id, excluded.root_run_id),
                            error_message = coalesce(excluded.error_message, lineage_run.error_message),
                            updated_at = greatest(lineage_run.updated_at, excluded.updated_at)""")
                .setParameter("rows", runs.text()).executeUpdate()
                .flatMap(v -> session.createNativeQuery("""
                                insert into lineage_run_state (run_id, state, at)
                                select run, state, at from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                                     as x(run uuid, state text, at timestamptz)
                                on conflict do nothing""")
                        .setParameter("rows", states.text()).executeUpdate())
                .replaceWithVoid();
    }

    private static String state(LineageEvent event) {
        return event.eventType() == null ? "OTHER" : event.eventType();
    }

    /**
     * Which job versions each run reported (job_shape), for events that name inputs or outputs; a
     * JobEvent counts as a run of its own. A run began at its earliest event, whichever batch
     * brought it: the batch's events of the run (with datasets or not), its START as lineage_run
     * has it, and what job_shape already holds. Lookups are scalar subqueries and the update
     * names its runs as an array, so each is an index probe whatever the planner thinks of the
     * batch's size: as joins, a cached generic plan scanned job_shape whole for every batch.
     */
    private Uni<Void> shapes(Mutiny.Session session, List<LineageEvent> fresh) {
        Map<UUID, OffsetDateTime> began = new HashMap<>();
        for (LineageEvent event : fresh) {
            if (event.job() != null) {
                began.merge(shapeRun(event), event.time(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Set<String> seen = new HashSet<>();
        Rows rows = new Rows();
        for (LineageEvent event : fresh) {
            if (event.job() == null || event.datasets().isEmpty()) {
                continue;
            }
            UUID run = shapeRun(event);
            if (seen.add(run + " " + event.jobVersion())) {
                rows.add().put("run", run.toString()).put("jns", event.job().namespace()).put("jname", event.job().name())
                        .put("version", event.jobVersion()).put("began", began.get(run).toString());
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                        with x as (
                            select x.run, x.jns, x.jname, x.version,
                                   least(x.began, (select r.started_at from lineage_run r where r.run_id = x.run),
                                         (select min(s.began_at) from job_shape s where s.run_id = x.run)) as began
                            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                                as x(run uuid, jns text, jname text, version text, began timestamptz)
                        ), added as (
                            insert into job_shape (job_id, run_id, job_version_id, began_at)
                            select j.id, x.run, v.id, x.began
                            from x
                            join job j on j.namespace = x.jns and j.name = x.jname
                            join job_version v on v.job_id = j.id and v.version = x.version
                            on conflict (run_id, job_version_id) do nothing
                        )
                        update job_shape s set began_at = x.began from x
                        where s.run_id = any(array(select run from x)) and s.run_id = x.run and s.began_at > x.began""")
                .setParameter("rows", rows.text()).executeUpdate().replaceWithVoid();
    }

    /** The run an event reports a shape for: its own, or for a JobEvent one of its own derived from the event. */
    private static UUID shapeRun(LineageEvent event) {
        return event.runId() != null ? event.runId()
                : UUID.nameUUIDFromBytes(("job event " + event.key()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Which datasets each run read and wrote, the job-level edges lineage walks follow, and the
     * edges of job versions seen for the first time. An
     * upsert locks the row it meets even when it changes nothing, which would queue concurrent
     * batches of the same jobs behind each other: rows already as early are filtered out first.
     */
    private Uni<Void> io(Mutiny.Session session, List<LineageEvent> fresh, Set<String> newVersions) {
        Set<String> runIo = new HashSet<>();
        Set<String> jobIo = new HashSet<>();
        Set<String> versionIo = new HashSet<>();
        Rows runRows = new Rows();
        Rows jobRows = new Rows();
        Rows versionRows = new Rows();
        for (LineageEvent event : fresh) {
            if (event.job() == null) {
                continue;
            }
            for (DatasetFacts dataset : event.datasets()) {
                String direction = dataset.direction() == Direction.INPUT ? "input" : "output";
                if (event.runId() != null && runIo.add(event.runId() + " " + dataset.name() + " " + direction)) {
                    runRows.add().put("run", event.runId().toString()).put("ns", dataset.name().namespace())
                            .put("name", dataset.name().name()).put("direction", direction);
                }
                String version = event.job() + " " + event.jobVersion();
                if (newVersions.contains(version) && versionIo.add(version + " " + dataset.name() + " " + direction)) {
                    versionRows.add().put("jns", event.job().namespace()).put("jname", event.job().name())
                            .put("version", event.jobVersion()).put("ns", dataset.name().namespace())
                            .put("name", dataset.name().name()).put("direction", direction);
                }
                if (jobIo.add(event.job() + " " + dataset.name() + " " + direction)) {
                    jobRows.add().put("jns", event.job().namespace()).put("jname", event.job().name())
                            .put("ns", dataset.name().namespace()).put("name", dataset.name().name())
                            .put("direction", direction).put("at", event.time().toString());
                }
            }
        }
        if (jobRows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                        with runs as (
                            insert into lineage_io (run_id, dataset_id, direction)
                            select x.run, d.id, x.direction
                            from jsonb_to_recordset(cast(cast(:runs as text) as jsonb)) as x(run uuid, ns text, name text, direction text)
                            join dataset d on d.namespace = x.ns and d.name = x.name
                            join lineage_run r on r.run_id = x.run
                            on conflict do nothing
                        ), versions as (
                            insert into job_version_io (job_version_id, dataset_id, direction)
                            select v.id, d.id, x.direction
                            from jsonb_to_recordset(cast(cast(:versions as text) as jsonb)) as x(jns text, jname text, version text,
                                 ns text, name text, direction text)
                            join job j on j.namespace = x.jns and j.name = x.jname
                            join job_version v on v.job_id = j.id and v.version = x.version
                            join dataset d on d.namespace = x.ns and d.name = x.name
                            on conflict do nothing
                        )
                        insert into job_io (job_id, dataset_id, direction, first_seen)
                        select j.id, d.id, x.direction, x.at
                        from jsonb_to_recordset(cast(cast(:jobs as text) as jsonb)) as x(jns text, jname text, ns text, name text,
                             direction text, at timestamptz)
                        join job j on j.namespace = x.jns and j.name = x.jname
                        join dataset d on d.namespace = x.ns and d.name = x.name
                        where not exists (select 1 from job_io e where e.job_id = j.id and e.dataset_id = d.id
                                          and e.direction = x.direction and e.first_seen <= x.at)
                        on conflict (job_id, dataset_id, direction) do update set first_seen = excluded.first_seen
                        where excluded.first_seen < job_io.first_seen""")
                .setParameter("runs", runRows.text()).setParameter("jobs", jobRows.text())
                .setParameter("versions", versionRows.text())
                .executeUpdate().replaceWithVoid();
    }

    /**
     * Schema facets feed the catalog: a dataset's newest schema in the batch becomes a new schema
     * version when its fields differ from the latest one, its columns follow, and the change is
     * audited as the catalog audits a schema recorded by hand. What a job wrote defines a dataset;
     * how a job read it does not redefine it: a reader's schema (an input's facet) is recorded only
     * for a dataset with none yet. Spark, for one, reads a CSV file as lines of text ("value") to
     * infer its columns, and reports that read too.
     */
    private Uni<Void> schemas(Mutiny.Session session, List<LineageEvent> fresh, String actor) {
        // The newest schema of each dataset in the batch, a writer's before a reader's; only those are compared.
        Map<DatasetName, DatasetFacts> written = new LinkedHashMap<>();
        Map<DatasetName, OffsetDateTime> writtenAt = new LinkedHashMap<>();
        Map<DatasetName, DatasetFacts> read = new LinkedHashMap<>();
        Map<DatasetName, OffsetDateTime> readAt = new LinkedHashMap<>();
        for (LineageEvent event : fresh) {
            for (DatasetFacts dataset : event.datasets()) {
                boolean input = dataset.direction() == Direction.INPUT;
                Map<DatasetName, DatasetFacts> newest = input ? read : written;
                Map<DatasetName, OffsetDateTime> times = input ? readAt : writtenAt;
                OffsetDateTime seen = times.get(dataset.name());
                if (!dataset.schema().isEmpty() && (seen == null || event.time().isAfter(seen))) {
                    times.put(dataset.name(), event.time());
                    newest.put(dataset.name(), dataset);
                }
            }
        }
        Rows rows = new Rows();
        written.forEach((name, dataset) -> schemaRow(rows, name, dataset, writtenAt.get(name), false));
        read.forEach((name, dataset) -> {
            if (!written.containsKey(name)) {
                schemaRow(rows, name, dataset, readAt.get(name), true);
            }
        });
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                        with x as (
                            select d.id, d.namespace, d.name, x.fields, x.at, x.reader
                            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(ns text, name text, fields text, at timestamptz, reader boolean)
                            join dataset d on d.namespace = x.ns and d.name = x.name
                        ), latest as (
                            select distinct on (s.dataset_id) s.dataset_id, s.version, s.fields
                            from schema_version s where s.dataset_id in (select id from x)
                            order by s.dataset_id, s.version desc
                        ), added as (
                            insert into schema_version (dataset_id, version, fields, created_at)
                            select x.id, coalesce(l.version, 0) + 1, x.fields, x.at
                            from x left join latest l on l.dataset_id = x.id
                            where l.fields is distinct from x.fields and (not x.reader or l.version is null)
                            returning dataset_id, fields
                        )
                        select a.dataset_id, x.namespace, x.name, l.fields, a.fields
                        from added a join x on x.id = a.dataset_id left join latest l on l.dataset_id = a.dataset_id""",
                        Object[].class)
                .setParameter("rows", rows.text()).getResultList()
                .flatMap(changed -> changed.isEmpty() ? Uni.createFrom().voidItem() : columnsOf(session, changed, actor));
    }

    private void schemaRow(Rows rows, DatasetName name, DatasetFacts dataset, OffsetDateTime at, boolean reader) {
        rows.add().put("ns", name.namespace()).put("name", name.name())
                .put("fields", text(dataset.schema().stream().map(f -> new CatalogApi.Field(f.name(), f.type())).toList()))
                .put("at", at.toString()).put("reader", reader);
    }

    private Uni<Void> columnsOf(Mutiny.Session session, List<Object[]> changed, String actor) {
        Rows rows = new Rows();
        List<AuditLog.Pending> entries = new ArrayList<>();
        for (Object[] row : changed) {
            rows.add().put("dataset", ((Number) row[0]).longValue()).put("fields", (String) row[4]);
            entries.add(new AuditLog.Pending(actor, "schema.record", "dataset:" + row[1] + ":" + row[2],
                    row[3] == null ? List.of() : fields((String) row[3]), fields((String) row[4])));
        }
        return session.createNativeQuery("""
                        with x as (
                            select dataset, cast(fields as jsonb) as fields
                            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(dataset bigint, fields text)
                        ), gone as (
                            delete from dataset_column c using x
                            where c.dataset_id = x.dataset
                              and not exists (select 1 from jsonb_array_elements(x.fields) f where f->>'name' = c.name)
                        )
                        insert into dataset_column (dataset_id, name, data_type, position)
                        select x.dataset, f.value->>'name', f.value->>'type', f.ordinality - 1
                        from x, jsonb_array_elements(x.fields) with ordinality as f
                        on conflict (dataset_id, name) do update set data_type = excluded.data_type,
                            position = excluded.position""")
                .setParameter("rows", rows.text()).executeUpdate()
                .flatMap(v -> audit.appendAll(entries));
    }

    /** A version per dataset a run wrote: the version facet's, else the run id, with its size and schema version. */
    private Uni<Void> datasetVersions(Mutiny.Session session, List<LineageEvent> fresh) {
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        Rows rows = new Rows();
        fresh.stream().filter(e -> e.runId() != null).forEach(event -> {
            for (DatasetFacts output : event.datasets(Direction.OUTPUT)) {
                ObjectNode row = byKey.computeIfAbsent(event.runId() + " " + output.name(), k -> rows.add()
                        .put("run", event.runId().toString()).put("ns", output.name().namespace())
                        .put("name", output.name().name()).put("at", event.time().toString()));
                // The newest event that says something wins; COMPLETE usually carries the statistics.
                row.put("version", output.version() != null ? output.version()
                        : row.has("version") ? row.get("version").asText() : event.runId().toString());
                putIfPresent(row, "rows", output.rowCount());
                putIfPresent(row, "bytes", output.bytes());
                putIfPresent(row, "files", output.fileCount());
            }
        });
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                        insert into dataset_version (dataset_id, run_id, version, schema_version, row_count, bytes,
                                                     file_count, created_at)
                        select d.id, x.run, x.version, (select max(s.version) from schema_version s where s.dataset_id = d.id),
                               x.rows, x.bytes, x.files, x.at
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(run uuid, ns text, name text, version text,
                             rows bigint, bytes bigint, files bigint, at timestamptz)
                        join dataset d on d.namespace = x.ns and d.name = x.name
                        join lineage_run r on r.run_id = x.run
                        on conflict (dataset_id, run_id) do update set
                            version = excluded.version,
                            schema_version = excluded.schema_version,
                            row_count = coalesce(excluded.row_count, dataset_version.row_count),
                            bytes = coalesce(excluded.bytes, dataset_version.bytes),
                            file_count = coalesce(excluded.file_count, dataset_version.file_count)""")
                .setParameter("rows", rows.text()).executeUpdate().replaceWithVoid();
    }

    /** Symlinks, owners (the first also becomes the catalog owner where none is set), tags and data-quality facets. */
    private Uni<Void> facets(Mutiny.Session session, List<LineageEvent> fresh) {
        Rows symlinks = new Rows();
        Rows owners = new Rows();
        Rows tags = new Rows();
        Rows metrics = new Rows();
        Rows assertions = new Rows();
        Rows jobOwners = new Rows();
        Rows jobTags = new Rows();
        for (LineageEvent event : fresh) {
            for (DatasetFacts d : event.datasets()) {
                d.symlinks().forEach(s -> dataset(symlinks, d).put("sns", s.name().namespace())
                        .put("sname", s.name().name()).put("type", s.type()));
                d.owners().forEach(o -> dataset(owners, d).put("owner", o.name()).put("type", o.type()));
                d.tags().forEach(t -> dataset(tags, d).put("field", t.field()).put("key", t.key())
                        .put("value", t.value()).put("source", t.source()));
                if (event.runId() != null) {
                    d.metrics().forEach(m -> dataset(metrics, d).put("run", event.runId().toString())
                            .put("col", m.column()).put("metric", m.metric()).put("value", m.value()));
                    d.assertions().forEach(a -> dataset(assertions, d).put("run", event.runId().toString())
                            .put("assertion", a.assertion()).put("col", a.column()).put("success", a.success()));
                }
            }
            if (event.job() != null) {
                event.jobOwners().forEach(o -> jobOwners.add().put("jns", event.job().namespace())
                        .put("jname", event.job().name()).put("owner", o.name()).put("type", o.type()));
                event.jobTags().forEach(t -> jobTags.add().put("jns", event.job().namespace())
                        .put("jname", event.job().name()).put("key", t.key()).put("value", t.value())
                        .put("source", t.source()));
            }
        }
        if (symlinks.isEmpty() && owners.isEmpty() && tags.isEmpty() && metrics.isEmpty() && assertions.isEmpty()
                && jobOwners.isEmpty() && jobTags.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Data-modifying CTEs on different tables, one round trip; later events win where they disagree.
        // Rows already as the events say are filtered out, so repeated facets take no row locks.
        return session.createNativeQuery("""
                        with symlinks as (
                            insert into dataset_symlink (dataset_id, namespace, name, type)
                            select distinct on (d.id, x.sns, x.sname) d.id, x.sns, x.sname, x.type
                            from jsonb_to_recordset(cast(cast(:symlinks as text) as jsonb)) as x(ns text, name text, sns text, sname text,
                                 type text)
                            join dataset d on d.namespace = x.ns and d.name = x.name
                            where not exists (select 1 from dataset_symlink s where s.dataset_id = d.id
                                              and s.namespace = x.sns and s.name = x.sname and s.type = x.type)
                            on conflict (dataset_id, namespace, name) do update set type = excluded.type
                        ), owners as (
                            insert into dataset_owner (dataset_id, name, type)
                            select distinct on (d.id, x.owner) d.id, x.owner, x.type
                            from jsonb_to_recordset(cast(cast(:owners as text) as jsonb)) as x(ns text, name text, owner text, type text)
                            join dataset d on d.namespace = x.ns and d.name = x.name
                            where not exists (select 1 from dataset_owner o where o.dataset_id = d.id and o.name = x.owner
                                              and o.type = x.type)
                            on conflict (dataset_id, name) do update set type = excluded.type
                        ), catalog_owner as (
                            update dataset d set owner = x.owner
                            from (select distinct on (ns, name) ns, name, owner
                                  from jsonb_to_recordset(cast(cast(:owners as text) as jsonb)) as x(ns text, name text, owner text)) x
                            where d.namespace = x.ns and d.name = x.name and d.owner is null
                        ), tags as (
                            insert into dataset_tag (dataset_id, field, key, value, source)
                            select distinct on (d.id, x.field, x.key) d.id, x.field, x.key, x.value, x.source
                            from jsonb_to_recordset(cast(cast(:tags as text) as jsonb)) as x(ns text, name text, field text, key text,
                                 value text, source text)
                            join dataset d on d.namespace = x.ns and d.name = x.name
                            where not exists (select 1 from dataset_tag t where t.dataset_id = d.id and t.field = x.field
                                              and t.key = x.key and t.value = x.value and t.source = x.source)
                            on conflict (dataset_id, field, key) do update set value = excluded.value, source = excluded.source
                        ), metrics as (
                            insert into lineage_dq_metric (run_id, dataset_id, column_name, metric, value)
                            select distinct on (x.run, d.id, x.col, x.metric) x.run, d.id, x.col, x.metric, x.value
                            from jsonb_to_recordset(cast(cast(:metrics as text) as jsonb)) as x(ns text, name text, run uuid, col text,
                                 metric text, value double precision)
                            join dataset d on d.namespace = x.ns and d.name = x.name
                            join lineage_run r on r.run_id = x.run
                            on conflict (run_id, dataset_id, column_name, metric) do update set value = excluded.value
                        ), assertions as (
                            insert into lineage_dq_assertion (run_id, dataset_id, assertion, column_name, success)
                            select distinct on (x.run, d.id, x.assertion, x.col) x.run, d.id, x.assertion, x.col, x.success
                            from jsonb_to_recordset(cast(cast(:assertions as text) as jsonb)) as x(ns text, name text, run uuid,
                                 assertion text, col text, success boolean)
                            join dataset d on d.namespace = x.ns and d.name = x.name
                            join lineage_run r on r.run_id = x.run
                            on conflict (run_id, dataset_id, assertion, column_name) do update set success = excluded.success
                        ), job_owners as (
                            insert into job_owner (job_id, name, type)
                            select distinct on (j.id, x.owner) j.id, x.owner, x.type
                            from jsonb_to_recordset(cast(cast(:jobOwners as text) as jsonb)) as x(jns text, jname text, owner text,
                                 type text)
                            join job j on j.namespace = x.jns and j.name = x.jname
                            where not exists (select 1 from job_owner o where o.job_id = j.id and o.name = x.owner
                                              and o.type = x.type)
                            on conflict (job_id, name) do update set type = excluded.type
                        )
                        insert into job_tag (job_id, key, value, source)
                        select distinct on (j.id, x.key) j.id, x.key, x.value, x.source
                        from jsonb_to_recordset(cast(cast(:jobTags as text) as jsonb)) as x(jns text, jname text, key text, value text,
                             source text)
                        join job j on j.namespace = x.jns and j.name = x.jname
                        where not exists (select 1 from job_tag t where t.job_id = j.id and t.key = x.key
                                          and t.value = x.value and t.source = x.source)
                        on conflict (job_id, key) do update set value = excluded.value, source = excluded.source""")
                .setParameter("symlinks", symlinks.reversed()).setParameter("owners", owners.reversed())
                .setParameter("tags", tags.reversed()).setParameter("metrics", metrics.reversed())
                .setParameter("assertions", assertions.reversed()).setParameter("jobOwners", jobOwners.reversed())
                .setParameter("jobTags", jobTags.reversed())
                .executeUpdate().replaceWithVoid();
    }

    private static ObjectNode dataset(Rows rows, DatasetFacts dataset) {
        return rows.add().put("ns", dataset.name().namespace()).put("name", dataset.name().name());
    }

    /**
     * Column lineage of job shapes seen for the first time, and which of those shapes hold each
     * edge; returns the ids of edges that are new or changed (an edge that was masked and now is
     * not), where tag propagation must look again.
     */
    private Uni<List<Long>> columns(Mutiny.Session session, List<LineageEvent> fresh, Set<String> newVersions) {
        Map<String, ObjectNode> edges = new LinkedHashMap<>();
        Set<String> linked = new HashSet<>();
        Rows rows = new Rows();
        Rows links = new Rows();
        for (LineageEvent event : fresh) {
            if (event.job() == null || !newVersions.contains(event.job() + " " + event.jobVersion())) {
                continue;
            }
            for (ColumnEdge edge : event.columns()) {
                String key = edge.output() + " " + edge.input() + " " + edge.type() + " " + edge.subtype();
                if (linked.add(event.job() + " " + event.jobVersion() + " " + key)) {
                    links.add().put("jns", event.job().namespace()).put("jname", event.job().name())
                            .put("version", event.jobVersion()).put("ons", edge.output().dataset().namespace())
                            .put("oname", edge.output().dataset().name()).put("ofield", edge.output().field())
                            .put("ins", edge.input().dataset().namespace()).put("iname", edge.input().dataset().name())
                            .put("ifield", edge.input().field()).put("type", edge.type()).put("subtype", edge.subtype());
                }
                ObjectNode row = edges.get(key);
                if (row == null) {
                    edges.put(key, rows.add().put("ons", edge.output().dataset().namespace())
                            .put("oname", edge.output().dataset().name()).put("ofield", edge.output().field())
                            .put("ins", edge.input().dataset().namespace()).put("iname", edge.input().dataset().name())
                            .put("ifield", edge.input().field()).put("type", edge.type()).put("subtype", edge.subtype())
                            .put("description", edge.description()).put("masking", edge.masking())
                            .put("run", event.runId() == null ? null : event.runId().toString())
                            .put("jns", event.job().namespace()).put("jname", event.job().name())
                            .put("at", event.time().toString()));
                } else if (!edge.masking()) {
                    row.put("masking", false); // one shape with both: the unmasked copy is what a reader sees
                }
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createNativeQuery("""
                        insert into column_lineage (output_dataset_id, output_column, input_dataset_id, input_column,
                                                    transformation, subtype, masking, description, run_id, job_id, first_seen)
                        select o.id, x.ofield, i.id, x.ifield, x.type, x.subtype, x.masking or m.transform is not null,
                               coalesce(m.transform, x.description), r.run_id, j.id, x.at
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(ons text, oname text, ofield text, ins text,
                             iname text, ifield text, type text, subtype text, description text, masking boolean, run uuid,
                             jns text, jname text, at timestamptz)
                        join dataset o on o.namespace = x.ons and o.name = x.oname
                        join dataset i on i.namespace = x.ins and i.name = x.iname
                        join job j on j.namespace = x.jns and j.name = x.jname
                        left join lineage_run r on r.run_id = x.run
                        left join column_masking m on m.dataset_id = o.id and m.column_name = x.ofield
                        on conflict (output_dataset_id, output_column, input_dataset_id, input_column, transformation, subtype)
                        do update set masking = column_lineage.masking and excluded.masking,
                            first_seen = least(column_lineage.first_seen, excluded.first_seen),
                            description = excluded.description
                        where excluded.first_seen < column_lineage.first_seen
                           or column_lineage.masking and not excluded.masking
                        returning id""", Long.class)
                .setParameter("rows", rows.text()).getResultList()
                .call(changed -> session.createNativeQuery("""
                                insert into job_version_column_lineage (job_version_id, column_lineage_id)
                                select v.id, l.id
                                from jsonb_to_recordset(cast(cast(:links as text) as jsonb)) as x(jns text, jname text,
                                     version text, ons text, oname text, ofield text, ins text, iname text, ifield text,
                                     type text, subtype text)
                                join job j on j.namespace = x.jns and j.name = x.jname
                                join job_version v on v.job_id = j.id and v.version = x.version
                                join dataset o on o.namespace = x.ons and o.name = x.oname
                                join dataset i on i.namespace = x.ins and i.name = x.iname
                                join column_lineage l on l.output_dataset_id = o.id and l.output_column = x.ofield
                                     and l.input_dataset_id = i.id and l.input_column = x.ifield
                                     and l.transformation = x.type and l.subtype = x.subtype
                                on conflict do nothing""")
                        .setParameter("links", links.text()).executeUpdate());
    }

    /** Dataset-level dependencies (join keys, filters, group keys) of job shapes seen for the first time. */
    private Uni<Void> dependencies(Mutiny.Session session, List<LineageEvent> fresh, Set<String> newVersions) {
        Map<String, ObjectNode> seen = new LinkedHashMap<>();
        Rows rows = new Rows();
        for (LineageEvent event : fresh) {
            if (event.job() == null || !newVersions.contains(event.job() + " " + event.jobVersion())) {
                continue;
            }
            for (LineageEvent.DatasetDependency d : event.dependencies()) {
                seen.computeIfAbsent(d.output() + " " + d.input() + " " + d.type() + " " + d.subtype(), k -> rows.add()
                        .put("ons", d.output().namespace()).put("oname", d.output().name())
                        .put("ins", d.input().dataset().namespace()).put("iname", d.input().dataset().name())
                        .put("ifield", d.input().field()).put("type", d.type()).put("subtype", d.subtype())
                        .put("jns", event.job().namespace()).put("jname", event.job().name())
                        .put("at", event.time().toString()));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                        insert into dataset_lineage (output_dataset_id, input_dataset_id, input_column, transformation,
                                                     subtype, job_id, first_seen)
                        select o.id, i.id, x.ifield, x.type, x.subtype, j.id, x.at
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(ons text, oname text, ins text,
                             iname text, ifield text, type text, subtype text, jns text, jname text, at timestamptz)
                        join dataset o on o.namespace = x.ons and o.name = x.oname
                        join dataset i on i.namespace = x.ins and i.name = x.iname
                        join job j on j.namespace = x.jns and j.name = x.jname
                        on conflict (output_dataset_id, input_dataset_id, input_column, transformation, subtype)
                        do update set first_seen = excluded.first_seen
                        where excluded.first_seen < dataset_lineage.first_seen""")
                .setParameter("rows", rows.text()).executeUpdate().replaceWithVoid();
    }

    /**
     * Steward's stewardMasking facet: the columns its masking wrote masked. Edges into them
     * become masking edges, now and when they arrive later; returns the columns
     * ("NAMESPACE:NAME.COLUMN") whose edges changed, for TagPropagation.masked.
     */
    private Uni<List<String>> masking(Mutiny.Session session, List<LineageEvent> fresh) {
        Rows rows = new Rows();
        for (LineageEvent event : fresh) {
            for (DatasetFacts d : event.datasets()) {
                d.masked().forEach(m -> dataset(rows, d).put("col", m.column()).put("transform", m.transform())
                        .put("keyId", m.keyId()).put("at", event.time().toString()));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createNativeQuery("""
                        insert into column_masking (dataset_id, column_name, transform, key_id, recorded_at)
                        select distinct on (d.id, x.col) d.id, x.col, x.transform, x."keyId", x.at
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(ns text, name text, col text,
                             transform text, "keyId" text, at timestamptz)
                        join dataset d on d.namespace = x.ns and d.name = x.name
                        on conflict (dataset_id, column_name) do update set transform = excluded.transform,
                            key_id = excluded.key_id, recorded_at = excluded.recorded_at""")
                .setParameter("rows", rows.reversed()).executeUpdate()
                .flatMap(v -> session.createNativeQuery("""
                                update column_lineage l set masking = true, description = m.transform
                                from column_masking m, dataset d
                                where m.dataset_id = l.output_dataset_id and m.column_name = l.output_column
                                  and d.id = m.dataset_id and not l.masking
                                  and (d.namespace, d.name, m.column_name) in (
                                      select ns, name, col from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                                          as x(ns text, name text, col text))
                                returning d.namespace || ':' || d.name || '.' || l.output_column""", String.class)
                        .setParameter("rows", rows.text()).getResultList())
                .map(changed -> List.copyOf(new java.util.LinkedHashSet<>(changed)));
    }

    /** Steward's stewardPii facet: detected PII as proposed tags, like a scan recorded with --server. */
    private Uni<List<Long>> pii(Mutiny.Session session, List<LineageEvent> fresh) {
        Rows rows = new Rows();
        for (LineageEvent event : fresh) {
            for (DatasetFacts d : event.datasets()) {
                d.pii().forEach(p -> dataset(rows, d).put("col", p.column()).put("type", p.entityType())
                        .put("score", p.score()).put("producer", event.producer()));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String text = rows.reversed();
        return session.createNativeQuery("""
                        insert into dataset_column (dataset_id, name, data_type, position)
                        select distinct d.id, x.col, 'unknown', 1000000
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(ns text, name text, col text)
                        join dataset d on d.namespace = x.ns and d.name = x.name
                        on conflict (dataset_id, name) do nothing""")
                .setParameter("rows", text).executeUpdate()
                .flatMap(v -> session.createNativeQuery("""
                                insert into column_tag (column_id, entity_type, confidence, source, review_state, explanation)
                                select distinct on (c.id, x.type) c.id, x.type, x.score, 'detected', 'proposed',
                                       'detected by ' || x.producer
                                from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as x(ns text, name text, col text, type text,
                                     score double precision, producer text)
                                join dataset d on d.namespace = x.ns and d.name = x.name
                                join dataset_column c on c.dataset_id = d.id and c.name = x.col
                                on conflict (column_id, entity_type) do update set confidence = excluded.confidence,
                                    explanation = excluded.explanation
                                where column_tag.review_state = 'proposed' and column_tag.source = 'detected'
                                returning column_id""", Long.class)
                        .setParameter("rows", text).getResultList());
    }

    private static void putIfPresent(ObjectNode row, String field, Long value) {
        if (value != null) {
            row.put(field, value);
        }
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<CatalogApi.Field> fields(String text) {
        try {
            return List.of(json.readValue(text, CatalogApi.Field[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a schema version holds unreadable fields", e);
        }
    }

    /** Rows for one statement, sent as one JSON array parameter. */
    private final class Rows {
        private final ArrayNode rows = json.createArrayNode();

        ObjectNode add() {
            return rows.addObject();
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        String text() {
            return LineageStore.this.text(rows);
        }

        /** Newest first: with "distinct on", the later event's value is the one kept. */
        String reversed() {
            ArrayNode copy = json.createArrayNode();
            for (int i = rows.size() - 1; i >= 0; i--) {
                copy.add(rows.get(i));
            }
            return LineageStore.this.text(copy);
        }
    }
}
