package io.steward.service.lineage;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import io.steward.service.lineage.ColumnLineageGraph.Column;
import io.steward.service.lineage.LineageGraph.Found;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shortest path between two nodes, following lineage downstream (from the first to the
 * second) or, when there is none, upstream: between datasets through the jobs that connect them,
 * between columns through column lineage, over the edges live now (LiveEdges). A breadth-first
 * walk, one set-based query per hop, that stops at the first hop reaching the target.
 */
@ApplicationScoped
public class LineagePath {

    /** @param direction "downstream" when data flows from {@code from} to {@code to}, else "upstream" */
    public record Path(String from, String to, String direction, List<String> nodes) {
    }

    private static final int MAX_HOPS = 50;

    private final LineageGraph graph;
    private final ColumnLineageGraph columns;

    public LineagePath(LineageGraph graph, ColumnLineageGraph columns) {
        this.graph = graph;
        this.columns = columns;
    }

    @WithSession
    public Uni<Path> between(String from, String to) {
        if (from == null || to == null) {
            throw ApiException.badRequest("from and to are both required node ids");
        }
        boolean fields = from.startsWith("datasetField:");
        if (fields != to.startsWith("datasetField:") || from.startsWith("job:") || to.startsWith("job:")) {
            throw ApiException.badRequest("a path joins two datasets (dataset:NS:NAME) or two columns "
                    + "(datasetField:NS:NAME:FIELD)");
        }
        return Panache.getSession().flatMap(session -> fields
                ? columnPath(session, from, to) : datasetPath(session, from, to));
    }

    private Uni<Path> datasetPath(Mutiny.Session session, String from, String to) {
        return graph.find(session, from).flatMap(a -> graph.find(session, to).flatMap(b ->
                datasetSearch(session, a.id(), b.id()).flatMap(down -> down != null
                        ? names(session, down).map(nodes -> new Path(from, to, "downstream", nodes))
                        : datasetSearch(session, b.id(), a.id()).flatMap(up -> {
                            if (up == null) {
                                throw ApiException.notFound("a lineage path between " + from + " and " + to);
                            }
                            List<Found> reversed = new ArrayList<>(up);
                            Collections.reverse(reversed);
                            return names(session, reversed).map(nodes -> new Path(from, to, "upstream", nodes));
                        }))));
    }

    /** Datasets and jobs from source to target, or null when target is not downstream of source. */
    private Uni<List<Found>> datasetSearch(Mutiny.Session session, long source, long target) {
        Map<Long, long[]> cameFrom = new HashMap<>(); // dataset -> {previous dataset, job}
        cameFrom.put(source, null);
        return datasetHop(session, Set.of(source), target, cameFrom, 0).map(found -> {
            if (!found) {
                return null;
            }
            List<Found> path = new ArrayList<>();
            for (long at = target; ; ) {
                path.add(0, new Found('d', at));
                long[] previous = cameFrom.get(at);
                if (previous == null) {
                    return path;
                }
                path.add(0, new Found('j', previous[1]));
                at = previous[0];
            }
        });
    }

    private Uni<Boolean> datasetHop(Mutiny.Session session, Set<Long> frontier, long target, Map<Long, long[]> cameFrom,
                                    int hops) {
        if (frontier.isEmpty() || hops == MAX_HOPS) {
            return Uni.createFrom().item(false);
        }
        return session.createNativeQuery("""
                        select i.dataset_id, i.job_id, o.dataset_id from job_io i
                        join job_io o on o.job_id = i.job_id and o.direction = 'output'
                        where i.direction = 'input' and i.dataset_id = any(cast(cast(:frontier as text) as bigint[]))
                          and %s and %s
                        order by 1, 2, 3""".formatted(LiveEdges.io("i"), LiveEdges.io("o")), Object[].class)
                .setParameter("frontier", TagPropagation.array(frontier)).setParameter("asOf", OffsetDateTime.now())
                .getResultList()
                .flatMap(rows -> {
                    Set<Long> next = new LinkedHashSet<>();
                    for (Object[] row : rows) {
                        long output = ((Number) row[2]).longValue();
                        if (!cameFrom.containsKey(output)) {
                            cameFrom.put(output, new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()});
                            next.add(output);
                        }
                    }
                    return cameFrom.containsKey(target) ? Uni.createFrom().item(true)
                            : datasetHop(session, next, target, cameFrom, hops + 1);
                });
    }

    private Uni<List<String>> names(Mutiny.Session session, List<Found> path) {
        return session.createNativeQuery("""
                        select 'd', id, namespace, name from dataset where id = any(cast(cast(:datasets as text) as bigint[]))
                        union all
                        select 'j', id, namespace, name from job where id = any(cast(cast(:jobs as text) as bigint[]))""",
                        Object[].class)
                .setParameter("datasets", TagPropagation.array(path.stream().filter(f -> f.kind() == 'd')
                        .map(Found::id).toList()))
                .setParameter("jobs", TagPropagation.array(path.stream().filter(f -> f.kind() == 'j')
                        .map(Found::id).toList()))
                .getResultList().map(rows -> {
                    Map<Found, String> ids = new HashMap<>();
                    for (Object[] row : rows) {
                        char kind = row[0].toString().charAt(0);
                        ids.put(new Found(kind, ((Number) row[1]).longValue()),
                                (kind == 'd' ? "dataset:" : "job:") + row[2] + ":" + row[3]);
                    }
                    return path.stream().map(ids::get).toList();
                });
    }

    private Uni<Path> columnPath(Mutiny.Session session, String from, String to) {
        return columns.start(session, from).flatMap(a -> columns.start(session, to).flatMap(b ->
                columnSearch(session, a.get(0), b.get(0)).flatMap(down -> down != null
                        ? columnNames(session, down).map(nodes -> new Path(from, to, "downstream", nodes))
                        : columnSearch(session, b.get(0), a.get(0)).flatMap(up -> {
                            if (up == null) {
                                throw ApiException.notFound("a lineage path between " + from + " and " + to);
                            }
                            List<Column> reversed = new ArrayList<>(up);
                            Collections.reverse(reversed);
                            return columnNames(session, reversed).map(nodes -> new Path(from, to, "upstream", nodes));
                        }))));
    }

    private Uni<List<Column>> columnSearch(Mutiny.Session session, Column source, Column target) {
        Map<Column, Column> cameFrom = new HashMap<>();
        cameFrom.put(source, null);
        return columnHop(session, Set.of(source), target, cameFrom, 0).map(found -> {
            if (!found) {
                return null;
            }
            List<Column> path = new ArrayList<>();
            for (Column at = target; at != null; at = cameFrom.get(at)) {
                path.add(0, at);
            }
            return path;
        });
    }

    private Uni<Boolean> columnHop(Mutiny.Session session, Set<Column> frontier, Column target,
                                   Map<Column, Column> cameFrom, int hops) {
        if (frontier.isEmpty() || hops == MAX_HOPS) {
            return Uni.createFrom().item(false);
        }
        return session.createNativeQuery("""
                        select l.input_dataset_id, l.input_column, l.output_dataset_id, l.output_column
                        from unnest(cast(cast(:datasets as text) as bigint[]), cast(cast(:columns as text) as text[])) as f(dataset_id, col)
                        join column_lineage l on l.input_dataset_id = f.dataset_id and l.input_column = f.col
                        where %s
                        order by 1, 2, 3, 4""".formatted(LiveEdges.column("l")), Object[].class)
                .setParameter("datasets", TagPropagation.array(frontier.stream().map(Column::dataset).toList()))
                .setParameter("columns", LineageGraph.textArray(frontier.stream().map(Column::field).toList()))
                .setParameter("asOf", OffsetDateTime.now()).getResultList()
                .flatMap(rows -> {
                    Set<Column> next = new LinkedHashSet<>();
                    for (Object[] row : rows) {
                        Column output = new Column(((Number) row[2]).longValue(), (String) row[3]);
                        if (!cameFrom.containsKey(output)) {
                            cameFrom.put(output, new Column(((Number) row[0]).longValue(), (String) row[1]));
                            next.add(output);
                        }
                    }
                    return cameFrom.containsKey(target) ? Uni.createFrom().item(true)
                            : columnHop(session, next, target, cameFrom, hops + 1);
                });
    }

    private Uni<List<String>> columnNames(Mutiny.Session session, List<Column> path) {
        return session.createNativeQuery("select id, namespace, name from dataset where id = any(cast(cast(:ids as text) as bigint[]))",
                        Object[].class)
                .setParameter("ids", TagPropagation.array(path.stream().map(Column::dataset).toList()))
                .getResultList().map(rows -> {
                    Map<Long, String> names = new HashMap<>();
                    rows.forEach(r -> names.put(((Number) r[0]).longValue(), r[1] + ":" + r[2]));
                    return path.stream().map(c -> "datasetField:" + names.get(c.dataset()) + ":" + c.field()).toList();
                });
    }
}
