package io.steward.service.lineage;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lineage queries in Marquez' shape: the graph around a dataset or job, datasets and jobs as
 * nodes, a job's inputs and outputs as edges. A walk of depth N takes 2N set-based queries (one
 * per hop, whatever the number of nodes), then one for the edges and one per node kind for names.
 */
@ApplicationScoped
public class LineageGraph {

    public record Edge(String origin, String destination) {
    }

    public record Node(String id, String type, Map<String, String> data, List<Edge> inEdges, List<Edge> outEdges) {
    }

    public record Graph(List<Node> graph) {
    }

    private record Link(long job, long dataset, String direction) {
    }

    /** @param nodeId "dataset:NAMESPACE:NAME" or "job:NAMESPACE:NAME", as Marquez names nodes */
    @WithSession
    public Uni<Graph> around(String nodeId, int depth) {
        if (nodeId == null || !(nodeId.startsWith("dataset:") || nodeId.startsWith("job:"))) {
            throw ApiException.badRequest("nodeId is dataset:NAMESPACE:NAME or job:NAMESPACE:NAME, found '" + nodeId + "'");
        }
        boolean dataset = nodeId.startsWith("dataset:");
        String qualified = nodeId.substring(nodeId.indexOf(':') + 1);
        int split = qualified.lastIndexOf(':');
        if (split <= 0) {
            throw ApiException.badRequest("nodeId is dataset:NAMESPACE:NAME or job:NAMESPACE:NAME, found '" + nodeId + "'");
        }
        String namespace = qualified.substring(0, split);
        String name = qualified.substring(split + 1);
        int hops = Math.max(1, Math.min(depth, 20));
        return Panache.getSession().flatMap(session -> session.createNativeQuery("select id from "
                        + (dataset ? "dataset" : "job") + " where namespace = :namespace and name = :name", Long.class)
                .setParameter("namespace", namespace).setParameter("name", name).getResultList()
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().failure(ApiException.notFound("node " + nodeId));
                    }
                    Set<Long> datasets = new HashSet<>();
                    Set<Long> jobs = new HashSet<>();
                    (dataset ? datasets : jobs).add(found.get(0));
                    return walk(session, dataset ? Set.of(found.get(0)) : Set.of(), dataset ? Set.of() : Set.of(found.get(0)),
                            datasets, jobs, hops * 2).flatMap(v -> build(session, datasets, jobs));
                }));
    }

    /** One hop per step: from datasets to the jobs that read or wrote them, from jobs to their datasets. */
    private Uni<Void> walk(Mutiny.Session session, Set<Long> datasetFrontier, Set<Long> jobFrontier, Set<Long> datasets,
                           Set<Long> jobs, int steps) {
        if (steps == 0 || datasetFrontier.isEmpty() && jobFrontier.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<List<Long>> nextJobs = datasetFrontier.isEmpty() ? Uni.createFrom().item(List.of())
                : session.createNativeQuery("select distinct r.job_id from lineage_io i join lineage_run r on r.run_id = "
                        + "i.run_id where i.dataset_id in (:ids)", Long.class).setParameter("ids", datasetFrontier)
                .getResultList();
        Uni<List<Long>> nextDatasets = jobFrontier.isEmpty() ? Uni.createFrom().item(List.of())
                : session.createNativeQuery("select distinct i.dataset_id from lineage_io i join lineage_run r on r.run_id = "
                        + "i.run_id where r.job_id in (:ids)", Long.class).setParameter("ids", jobFrontier)
                .getResultList();
        return nextJobs.flatMap(foundJobs -> nextDatasets.flatMap(foundDatasets -> {
            Set<Long> newJobs = new HashSet<>(foundJobs);
            newJobs.removeAll(jobs);
            Set<Long> newDatasets = new HashSet<>(foundDatasets);
            newDatasets.removeAll(datasets);
            jobs.addAll(newJobs);
            datasets.addAll(newDatasets);
            return walk(session, newDatasets, newJobs, datasets, jobs, steps - 1);
        }));
    }

    private Uni<Graph> build(Mutiny.Session session, Set<Long> datasets, Set<Long> jobs) {
        Uni<List<Object[]>> links = jobs.isEmpty() || datasets.isEmpty() ? Uni.createFrom().item(List.of())
                : session.createNativeQuery("select distinct r.job_id, i.dataset_id, i.direction from lineage_io i join "
                        + "lineage_run r on r.run_id = i.run_id where r.job_id in (:jobs) and i.dataset_id in (:datasets)",
                        Object[].class).setParameter("jobs", jobs).setParameter("datasets", datasets).getResultList();
        Uni<List<Object[]>> datasetNames = datasets.isEmpty() ? Uni.createFrom().item(List.of())
                : session.createNativeQuery("select id, namespace, name from dataset where id in (:ids)", Object[].class)
                .setParameter("ids", datasets).getResultList();
        Uni<List<Object[]>> jobNames = jobs.isEmpty() ? Uni.createFrom().item(List.of())
                : session.createNativeQuery("select id, namespace, name from job where id in (:ids)", Object[].class)
                .setParameter("ids", jobs).getResultList();
        return links.flatMap(found -> datasetNames.flatMap(dn -> jobNames.map(jn -> {
            Map<Long, String[]> datasetById = names(dn);
            Map<Long, String[]> jobById = names(jn);
            Map<String, Node> nodes = new LinkedHashMap<>();
            datasetById.forEach((id, n) -> nodes.put("dataset:" + n[0] + ":" + n[1], node("dataset:" + n[0] + ":" + n[1],
                    "DATASET", n)));
            jobById.forEach((id, n) -> nodes.put("job:" + n[0] + ":" + n[1], node("job:" + n[0] + ":" + n[1], "JOB", n)));
            for (Object[] row : found) {
                String[] job = jobById.get(((Number) row[0]).longValue());
                String[] data = datasetById.get(((Number) row[1]).longValue());
                String jobId = "job:" + job[0] + ":" + job[1];
                String datasetId = "dataset:" + data[0] + ":" + data[1];
                Edge edge = "output".equals(row[2]) ? new Edge(jobId, datasetId) : new Edge(datasetId, jobId);
                nodes.get(edge.origin()).outEdges().add(edge);
                nodes.get(edge.destination()).inEdges().add(edge);
            }
            return new Graph(new ArrayList<>(nodes.values()));
        })));
    }

    private static Node node(String id, String type, String[] name) {
        return new Node(id, type, Map.of("namespace", name[0], "name", name[1]), new ArrayList<>(), new ArrayList<>());
    }

    private static Map<Long, String[]> names(List<Object[]> rows) {
        Map<Long, String[]> names = new LinkedHashMap<>();
        rows.stream().sorted((a, b) -> ((String) a[2]).compareTo((String) b[2]))
                .forEach(r -> names.put(((Number) r[0]).longValue(), new String[] {(String) r[1], (String) r[2]}));
        return names;
    }
}
