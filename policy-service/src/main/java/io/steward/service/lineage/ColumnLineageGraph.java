package io.steward.service.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steward.lineage.NodeId;
import io.steward.service.api.ApiException;
import io.steward.service.lineage.LineageGraph.Edge;
import io.steward.service.lineage.LineageGraph.Graph;
import io.steward.service.lineage.LineageGraph.Node;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Column lineage in Marquez' shape (GET /api/v1/column-lineage), and the impact of a column or
 * dataset: everything downstream of it. Each is one recursive statement over the column lineage
 * edges (upstream by the output index, downstream by the input index) and one for the names,
 * types and PII tags of the columns found.
 */
@ApplicationScoped
public class ColumnLineageGraph {

    /** A column reached downstream: how many hops away, and whether every path to it masked the value. */
    public record Reached(String id, String namespace, String dataset, String field, int depth, boolean masked) {
    }

    public record ReachedDataset(String id, String namespace, String name, int depth) {
    }

    public record Impact(String nodeId, List<ReachedDataset> datasets, List<Reached> columns) {
    }

    /** A column of a dataset as row ids: where walks start. */
    record Column(long dataset, String field) {
    }

    private final ObjectMapper json;

    public ColumnLineageGraph(ObjectMapper json) {
        this.json = json;
    }

    private static final String WALK = """
            with recursive start(dataset_id, col) as (
                select * from unnest(cast(cast(:datasets as text) as bigint[]), cast(cast(:columns as text) as text[]))
            ), up(dataset_id, col, depth) as (
                select dataset_id, col, 0 from start
              union
                select l.input_dataset_id, l.input_column, u.depth + 1
                from up u join column_lineage l on l.output_dataset_id = u.dataset_id and l.output_column = u.col
                where u.depth < :depth and %1$s
            ), down(dataset_id, col, depth) as (
                select dataset_id, col, 0 from start where :downstream
              union
                select l.output_dataset_id, l.output_column, d.depth + 1
                from down d join column_lineage l on l.input_dataset_id = d.dataset_id and l.input_column = d.col
                where d.depth < :depth and %1$s
            ), nodes as (
                select dataset_id, col from up union select dataset_id, col from down
            )
            """.formatted(LiveEdges.column("l"));

    /**
     * @param nodeId a column (datasetField:NS:NAME:FIELD), or a dataset (dataset:NS:NAME) for all its columns
     * @param depth  hops up (and down with withDownstream), 1 to 50
     */
    @WithSession
    public Uni<Graph> around(String nodeId, int depth, boolean withDownstream, OffsetDateTime asOf) {
        return Panache.getSession().flatMap(session -> start(session, nodeId).flatMap(start -> session
                .createNativeQuery(WALK + """
                        select l.output_dataset_id, l.output_column, l.input_dataset_id, l.input_column, l.transformation,
                               l.subtype, l.description, l.masking
                        from column_lineage l
                        join nodes o on o.dataset_id = l.output_dataset_id and o.col = l.output_column
                        join nodes i on i.dataset_id = l.input_dataset_id and i.col = l.input_column
                        where %s""".formatted(LiveEdges.column("l")), Object[].class)
                .setParameter("datasets", TagPropagation.array(start.stream().map(Column::dataset).toList()))
                .setParameter("columns", LineageGraph.textArray(start.stream().map(Column::field).toList()))
                .setParameter("depth", Math.max(1, Math.min(depth, 50)))
                .setParameter("downstream", withDownstream)
                .setParameter("asOf", LineageGraph.asOf(asOf)).getResultList()
                .flatMap(edges -> build(session, start, edges))));
    }

    /** Every dataset and column downstream of a column or of a dataset, however far, as lineage stands now. */
    @WithSession
    public Uni<Impact> impact(String nodeId) {
        return Panache.getSession().flatMap(session -> start(session, nodeId).flatMap(start -> session
                .createNativeQuery("""
                        with recursive start(dataset_id, col) as (
                            select * from unnest(cast(cast(:datasets as text) as bigint[]), cast(cast(:columns as text) as text[]))
                        ), down(dataset_id, col, depth, masked) as (
                            select dataset_id, col, 0, false from start
                          union
                            select l.output_dataset_id, l.output_column, d.depth + 1, d.masked or l.masking
                            from down d join column_lineage l on l.input_dataset_id = d.dataset_id and l.input_column = d.col
                            where d.depth < 50 and %1$s
                        ), datasets(dataset_id, depth) as (
                            select distinct dataset_id, 0 from start
                          union
                            select o.dataset_id, s.depth + 1
                            from datasets s
                            join job_io i on i.dataset_id = s.dataset_id and i.direction = 'input'
                            join job_io o on o.job_id = i.job_id and o.direction = 'output'
                            where s.depth < 50 and %2$s and %3$s
                        )
                        select 'c', x.namespace, x.name, c.col, c.depth, c.masked
                        from (select dataset_id, col, min(depth) as depth, bool_and(masked) as masked from down
                              where depth > 0 group by dataset_id, col) c
                        join dataset x on x.id = c.dataset_id
                        union all
                        select 'd', x.namespace, x.name, null, s.depth, false
                        from (select dataset_id, min(depth) as depth from datasets where depth > 0 group by dataset_id) s
                        join dataset x on x.id = s.dataset_id
                        order by 5, 2, 3, 4""".formatted(LiveEdges.column("l"), LiveEdges.io("i"), LiveEdges.io("o")),
                        Object[].class)
                .setParameter("datasets", TagPropagation.array(start.stream().map(Column::dataset).toList()))
                .setParameter("columns", LineageGraph.textArray(start.stream().map(Column::field).toList()))
                .setParameter("asOf", OffsetDateTime.now())
                .getResultList()
                .map(rows -> {
                    List<ReachedDataset> datasets = new ArrayList<>();
                    List<Reached> columns = new ArrayList<>();
                    for (Object[] row : rows) {
                        String namespace = (String) row[1];
                        String name = (String) row[2];
                        int depth = ((Number) row[4]).intValue();
                        if ("d".equals(row[0].toString())) {
                            datasets.add(new ReachedDataset("dataset:" + namespace + ":" + name, namespace, name, depth));
                        } else {
                            columns.add(new Reached("datasetField:" + namespace + ":" + name + ":" + row[3], namespace,
                                    name, (String) row[3], depth, (Boolean) row[5]));
                        }
                    }
                    return new Impact(nodeId, datasets, columns);
                })));
    }

    /** The columns a node id names: one column, or every column of a dataset (from its schema and its lineage). */
    Uni<List<Column>> start(Mutiny.Session session, String nodeId) {
        LineageGraph.Readings readings = LineageGraph.Readings.of(nodeId);
        if (readings.kind() == NodeId.Job.class) {
            throw ApiException.badRequest("nodeId is datasetField:NAMESPACE:NAME:FIELD or dataset:NAMESPACE:NAME here, "
                    + "found '" + nodeId + "'");
        }
        return session.createNativeQuery("""
                        with wanted as (
                            select * from unnest(cast(cast(:namespaces as text) as text[]), cast(cast(:names as text) as text[]), cast(cast(:fields as text) as text[]))
                                as w(namespace, name, field)
                        ), dataset_found as (
                            select d.id, w.field from wanted w join dataset d on d.namespace = w.namespace and d.name = w.name
                            order by length(d.namespace) desc limit 1
                        )
                        select f.id, f.field from dataset_found f where f.field is not null
                        union
                        select f.id, c.name from dataset_found f join dataset_column c on c.dataset_id = f.id
                        where f.field is null
                        union
                        select f.id, l.output_column from dataset_found f join column_lineage l on l.output_dataset_id = f.id
                        where f.field is null
                        union
                        select f.id, l.input_column from dataset_found f join column_lineage l on l.input_dataset_id = f.id
                        where f.field is null""", Object[].class)
                .setParameter("namespaces", readings.namespaces()).setParameter("names", readings.names())
                .setParameter("fields", readings.fields()).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ApiException.notFound("node " + nodeId);
                    }
                    return rows.stream().map(r -> new Column(((Number) r[0]).longValue(), (String) r[1])).toList();
                });
    }

    private Uni<Graph> build(Mutiny.Session session, List<Column> start, List<Object[]> edges) {
        Map<Column, List<Object[]>> inputsOf = new LinkedHashMap<>();
        start.forEach(c -> inputsOf.put(c, new ArrayList<>()));
        for (Object[] edge : edges) {
            Column output = new Column(((Number) edge[0]).longValue(), (String) edge[1]);
            Column input = new Column(((Number) edge[2]).longValue(), (String) edge[3]);
            inputsOf.computeIfAbsent(output, c -> new ArrayList<>()).add(edge);
            inputsOf.computeIfAbsent(input, c -> new ArrayList<>());
        }
        List<Column> columns = new ArrayList<>(inputsOf.keySet());
        return session.createNativeQuery("""
                        select w.dataset_id, w.col, d.namespace, d.name, c.data_type,
                               (select json_agg(json_build_object('type', t.entity_type, 'source', t.source,
                                       'reviewState', t.review_state, 'masked', t.masked, 'transform', t.transform)
                                       order by t.entity_type)::text
                                from column_tag t where t.column_id = c.id and t.review_state <> 'rejected')
                        from unnest(cast(cast(:datasets as text) as bigint[]), cast(cast(:columns as text) as text[])) as w(dataset_id, col)
                        join dataset d on d.id = w.dataset_id
                        left join dataset_column c on c.dataset_id = w.dataset_id and c.name = w.col""", Object[].class)
                .setParameter("datasets", TagPropagation.array(columns.stream().map(Column::dataset).toList()))
                .setParameter("columns", LineageGraph.textArray(columns.stream().map(Column::field).toList()))
                .getResultList()
                .map(rows -> {
                    Map<Column, Object[]> info = new LinkedHashMap<>();
                    Map<Long, String[]> datasetNames = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        info.put(new Column(((Number) row[0]).longValue(), (String) row[1]), row);
                        datasetNames.put(((Number) row[0]).longValue(), new String[] {(String) row[2], (String) row[3]});
                    }
                    Map<Column, Node> nodes = new LinkedHashMap<>();
                    for (Column column : columns) {
                        nodes.put(column, node(column, info.get(column), inputsOf.get(column), datasetNames));
                    }
                    for (Object[] edge : edges) {
                        Node output = nodes.get(new Column(((Number) edge[0]).longValue(), (String) edge[1]));
                        Node input = nodes.get(new Column(((Number) edge[2]).longValue(), (String) edge[3]));
                        Edge link = new Edge(input.id(), output.id());
                        if (!input.outEdges().contains(link)) {
                            input.outEdges().add(link);
                            output.inEdges().add(link);
                        }
                    }
                    return new Graph(new ArrayList<>(nodes.values()));
                });
    }

    /** A column node as Marquez gives it, with its input fields and their transformations, and Steward's PII tags. */
    private Node node(Column column, Object[] info, List<Object[]> inputs, Map<Long, String[]> datasetNames) {
        String[] dataset = datasetNames.get(column.dataset());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("namespace", dataset[0]);
        data.put("dataset", dataset[1]);
        data.put("field", column.field());
        data.put("fieldType", info == null ? null : info[4]);
        Map<Column, Map<String, Object>> inputFields = new LinkedHashMap<>();
        for (Object[] edge : inputs) {
            Column input = new Column(((Number) edge[2]).longValue(), (String) edge[3]);
            String[] inputDataset = datasetNames.get(input.dataset());
            Map<String, Object> field = inputFields.computeIfAbsent(input, c -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("namespace", inputDataset[0]);
                f.put("dataset", inputDataset[1]);
                f.put("field", c.field());
                f.put("transformations", new ArrayList<Map<String, Object>>());
                return f;
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> transformations = (List<Map<String, Object>>) field.get("transformations");
            transformations.add(Map.of("type", edge[4], "subtype", edge[5], "description", edge[6],
                    "masking", edge[7]));
        }
        data.put("inputFields", new ArrayList<>(inputFields.values()));
        data.put("tags", info == null || info[5] == null ? List.of() : parse((String) info[5]));
        return new Node("datasetField:" + dataset[0] + ":" + dataset[1] + ":" + column.field(), "DATASET_FIELD", data,
                new ArrayList<>(), new ArrayList<>());
    }

    private Object parse(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
