package io.steward.service.lineage;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steward.lineage.NodeId;
import io.steward.service.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dataset and job lineage in Marquez' shape: the graph around a dataset or job, datasets and
 * jobs as nodes, a job's inputs and outputs as edges, as it stands now (each job as its latest
 * run left it) or as it stood at a past time (see LiveEdges). A
 * walk is one recursive statement over the job-level edges, then one for the edges between the
 * nodes found and one for their names and fields: three round trips whatever the depth.
 */
@ApplicationScoped
public class LineageGraph {

    public record Edge(String origin, String destination) {
    }

    public record Node(String id, String type, Map<String, Object> data, List<Edge> inEdges, List<Edge> outEdges) {
    }

    public record Graph(List<Node> graph) {
    }

    /** A dataset or job found in the graph: kind 'd' or 'j' and its row id. */
    record Found(char kind, long id) {
    }

    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public LineageGraph(com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
    }

    /** @param depth how many jobs away from the node, up or downstream, as Marquez counts (1 to 20) */
    @WithSession
    public Uni<Graph> around(String nodeId, int depth, OffsetDateTime asOf) {
        int steps = 2 * Math.max(1, Math.min(depth, 20));
        return Panache.getSession().flatMap(session -> find(session, nodeId)
                .flatMap(start -> walk(session, start, steps, asOf))
                .flatMap(seen -> build(session, seen, asOf)));
    }

    /** The dataset or job a Marquez node id names, trying each way its namespace may end. */
    Uni<Found> find(Mutiny.Session session, String nodeId) {
        Readings readings = Readings.of(nodeId);
        if (readings.kind() == NodeId.Field.class) {
            throw ApiException.badRequest("nodeId is dataset:NAMESPACE:NAME or job:NAMESPACE:NAME here, found '"
                    + nodeId + "'");
        }
        boolean dataset = readings.kind() == NodeId.Dataset.class;
        return session.createNativeQuery("select id from " + (dataset ? "dataset" : "job")
                        + " where (namespace, name) in (select * from unnest(cast(cast(:namespaces as text) as text[]), "
                        + "cast(cast(:names as text) as text[]))) order by length(namespace) desc limit 1", Long.class)
                .setParameter("namespaces", readings.namespaces()).setParameter("names", readings.names())
                .getResultList()
                .map(found -> {
                    if (found.isEmpty()) {
                        throw ApiException.notFound("node " + nodeId);
                    }
                    return new Found(dataset ? 'd' : 'j', found.get(0));
                });
    }

    /**
     * Every reading of a node id (see NodeId.readings), as PostgreSQL array literals to unnest
     * side by side: the namespace and name of the dataset or job, and the field (NULL but for a
     * datasetField). All readings of one id are of one kind.
     */
    record Readings(Class<? extends NodeId> kind, String namespaces, String names, String fields) {

        static Readings of(String nodeId) {
            List<NodeId> readings;
            try {
                readings = NodeId.readings(nodeId);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            List<String> namespaces = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            for (NodeId reading : readings) {
                if (reading instanceof NodeId.Dataset d) {
                    namespaces.add(d.name().namespace());
                    names.add(d.name().name());
                    fields.add(null);
                } else if (reading instanceof NodeId.Job j) {
                    namespaces.add(j.name().namespace());
                    names.add(j.name().name());
                    fields.add(null);
                } else if (reading instanceof NodeId.Field f) {
                    namespaces.add(f.name().dataset().namespace());
                    names.add(f.name().dataset().name());
                    fields.add(f.name().field());
                }
            }
            return new Readings(readings.get(0).getClass(), textArray(namespaces), textArray(names), textArray(fields));
        }
    }

    /**
     * Every node within the steps, both ways: from datasets to the jobs that read or wrote them,
     * from jobs to their datasets. One recursive statement; each hop uses the index of its side.
     */
    private Uni<Set<Found>> walk(Mutiny.Session session, Found start, int steps, OffsetDateTime asOf) {
        return session.createNativeQuery("""
                        with recursive walk(kind, id, depth) as (
                            select cast(:kind as text), cast(:id as bigint), 0
                          union
                            select n.kind, n.id, w.depth + 1
                            from walk w
                            cross join lateral (
                                select 'j' as kind, io.job_id as id from job_io io
                                where w.kind = 'd' and io.dataset_id = w.id and %s
                              union all
                                select 'd', io.dataset_id from job_io io
                                where w.kind = 'j' and io.job_id = w.id and %s
                            ) n
                            where w.depth < :steps
                        )
                        select distinct kind, id from walk""".formatted(LiveEdges.io("io"), LiveEdges.io("io")), Object[].class)
                .setParameter("kind", String.valueOf(start.kind())).setParameter("id", start.id())
                .setParameter("steps", steps).setParameter("asOf", asOf(asOf)).getResultList()
                .map(rows -> {
                    Set<Found> seen = new HashSet<>();
                    seen.add(start);
                    rows.forEach(r -> seen.add(new Found(r[0].toString().charAt(0), ((Number) r[1]).longValue())));
                    return seen;
                });
    }

    private Uni<Graph> build(Mutiny.Session session, Set<Found> seen, OffsetDateTime asOf) {
        String datasets = ids(seen, 'd');
        String jobs = ids(seen, 'j');
        Uni<List<Object[]>> links = session.createNativeQuery("""
                        select io.job_id, io.dataset_id, io.direction from job_io io
                        where io.job_id = any(cast(cast(:jobs as text) as bigint[]))
                          and io.dataset_id = any(cast(cast(:datasets as text) as bigint[])) and %s""".formatted(LiveEdges.io("io")),
                        Object[].class)
                .setParameter("jobs", jobs).setParameter("datasets", datasets).setParameter("asOf", asOf(asOf))
                .getResultList();
        Uni<List<Object[]>> described = session.createNativeQuery("""
                        select 'd', d.id, d.namespace, d.name, d.created_at, d.updated_at, d.description,
                               (select json_agg(json_build_object('name', c.name, 'type', c.data_type,
                                       'tags', (select coalesce(json_agg(t.entity_type order by t.entity_type), '[]')
                                                from column_tag t where t.column_id = c.id
                                                and t.review_state <> 'rejected' and not t.masked))
                                       order by c.position, c.name) from dataset_column c where c.dataset_id = d.id)::text, null
                        from dataset d where d.id = any(cast(cast(:datasets as text) as bigint[]))
                        union all
                        select 'j', j.id, j.namespace, j.name, null, null, j.description, null,
                               (select json_build_object('id', r.run_id, 'state', r.state, 'startedAt', r.started_at,
                                       'endedAt', r.ended_at)::text
                                from lineage_run r where r.job_id = j.id order by r.updated_at desc limit 1)
                        from job j where j.id = any(cast(cast(:jobs as text) as bigint[]))
                        order by 4""", Object[].class)
                .setParameter("datasets", datasets).setParameter("jobs", jobs).getResultList();
        return links.flatMap(found -> described.map(rows -> {
            Map<Found, Node> nodes = new LinkedHashMap<>();
            Map<String, Node> byId = new java.util.HashMap<>();
            for (Object[] row : rows) {
                Found key = new Found(row[0].toString().charAt(0), ((Number) row[1]).longValue());
                Node node = node(key.kind(), row);
                nodes.put(key, node);
                byId.put(node.id(), node);
            }
            for (Object[] row : found) {
                Node job = nodes.get(new Found('j', ((Number) row[0]).longValue()));
                Node dataset = nodes.get(new Found('d', ((Number) row[1]).longValue()));
                boolean output = "output".equals(row[2]);
                Edge edge = output ? new Edge(job.id(), dataset.id()) : new Edge(dataset.id(), job.id());
                byId.get(edge.origin()).outEdges().add(edge);
                byId.get(edge.destination()).inEdges().add(edge);
                String io = output ? "outputs" : "inputs";
                @SuppressWarnings("unchecked")
                List<Map<String, String>> list = (List<Map<String, String>>) job.data().get(io);
                list.add(Map.of("namespace", (String) dataset.data().get("namespace"),
                        "name", (String) dataset.data().get("name")));
            }
            return new Graph(new ArrayList<>(nodes.values()));
        }));
    }

    /** A node's data as Marquez gives it: id, namespace, name, type, and fields or inputs, outputs and the latest run. */
    private Node node(char kind, Object[] row) {
        String namespace = (String) row[2];
        String name = (String) row[3];
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", Map.of("namespace", namespace, "name", name));
        data.put("namespace", namespace);
        data.put("name", name);
        data.put("description", row[6]);
        if (kind == 'd') {
            data.put("type", "DB_TABLE");
            data.put("physicalName", name);
            data.put("createdAt", row[4] == null ? null : row[4].toString());
            data.put("updatedAt", row[5] == null ? null : row[5].toString());
            data.put("fields", row[7] == null ? List.of() : parse((String) row[7]));
            return new Node("dataset:" + namespace + ":" + name, "DATASET", data, new ArrayList<>(), new ArrayList<>());
        }
        data.put("type", "BATCH");
        data.put("simpleName", name.substring(name.lastIndexOf('.') + 1));
        data.put("inputs", new ArrayList<Map<String, String>>());
        data.put("outputs", new ArrayList<Map<String, String>>());
        data.put("latestRun", row[8] == null ? null : parse((String) row[8]));
        return new Node("job:" + namespace + ":" + name, "JOB", data, new ArrayList<>(), new ArrayList<>());
    }

    private Object parse(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime asOf(OffsetDateTime asOf) {
        return asOf == null ? OffsetDateTime.now().plusYears(100) : asOf;
    }

    private static String ids(Set<Found> found, char kind) {
        return TagPropagation.array(found.stream().filter(f -> f.kind() == kind).map(Found::id).toList());
    }

    /** A PostgreSQL text array literal, each element quoted, a null element NULL. */
    public static String textArray(List<String> values) {
        StringBuilder text = new StringBuilder("{");
        for (String value : values) {
            if (text.length() > 1) {
                text.append(',');
            }
            if (value == null) {
                text.append("NULL");
            } else {
                text.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return text.append('}').toString();
    }
}
