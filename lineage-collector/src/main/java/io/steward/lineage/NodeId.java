package io.steward.lineage;

import io.steward.lineage.Names.DatasetName;
import io.steward.lineage.Names.FieldName;
import io.steward.lineage.Names.JobName;

import java.util.ArrayList;
import java.util.List;

/**
 * Marquez' node ids: {@code dataset:NAMESPACE:NAME}, {@code job:NAMESPACE:NAME} and
 * {@code datasetField:NAMESPACE:NAME:FIELD}. Namespaces are often URIs with colons of their own
 * ({@code postgres://db:5432}) and names may hold colons too, so text alone cannot say where the
 * namespace ends: a node id reads as every way of splitting it, and the caller keeps the one the
 * graph knows.
 */
public sealed interface NodeId {

    record Dataset(DatasetName name) implements NodeId {
        @Override
        public String toString() {
            return "dataset:" + name.namespace() + ":" + name.name();
        }
    }

    record Job(JobName name) implements NodeId {
        @Override
        public String toString() {
            return "job:" + name.namespace() + ":" + name.name();
        }
    }

    record Field(FieldName name) implements NodeId {
        @Override
        public String toString() {
            return "datasetField:" + name.dataset().namespace() + ":" + name.dataset().name() + ":" + name.field();
        }
    }

    /** Every reading of a node id, most likely first (the longest namespace); at least one. */
    static List<NodeId> readings(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("nodeId is required: dataset:NAMESPACE:NAME, job:NAMESPACE:NAME "
                    + "or datasetField:NAMESPACE:NAME:FIELD");
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        List<NodeId> readings = new ArrayList<>();
        switch (kind) {
            case "dataset" -> pairs(rest).forEach(p -> readings.add(new Dataset(new DatasetName(p[0], p[1]))));
            case "job" -> pairs(rest).forEach(p -> readings.add(new Job(new JobName(p[0], p[1]))));
            case "datasetField" -> {
                int last = rest.lastIndexOf(':');
                if (last > 0 && last < rest.length() - 1) {
                    String field = rest.substring(last + 1);
                    pairs(rest.substring(0, last)).forEach(p ->
                            readings.add(new Field(new FieldName(new DatasetName(p[0], p[1]), field))));
                }
            }
            default -> throw new IllegalArgumentException("nodeId '" + text + "' must start with dataset:, job: or "
                    + "datasetField:");
        }
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("nodeId '" + text + "' has no " + (kind.equals("datasetField")
                    ? "NAMESPACE:NAME:FIELD" : "NAMESPACE:NAME") + " after '" + kind + ":'");
        }
        return readings;
    }

    /** Each split of "a:b:c" at a colon into a non-empty namespace and name, the last colon first. */
    private static List<String[]> pairs(String text) {
        List<String[]> pairs = new ArrayList<>();
        for (int at = text.lastIndexOf(':'); at > 0; at = text.lastIndexOf(':', at - 1)) {
            if (at < text.length() - 1) {
                pairs.add(new String[] {text.substring(0, at), text.substring(at + 1)});
            }
        }
        return pairs;
    }
}
