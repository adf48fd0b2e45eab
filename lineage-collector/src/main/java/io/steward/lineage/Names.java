package io.steward.lineage;

import static java.util.Objects.requireNonNull;

/** Names as OpenLineage gives them: datasets and jobs by namespace and name, and a dataset's fields. */
public final class Names {

    private Names() {
    }

    public record DatasetName(String namespace, String name) {
        public DatasetName {
            requireNonNull(namespace);
            requireNonNull(name);
        }

        @Override
        public String toString() {
            return namespace + ":" + name;
        }
    }

    public record JobName(String namespace, String name) {
        public JobName {
            requireNonNull(namespace);
            requireNonNull(name);
        }

        @Override
        public String toString() {
            return namespace + ":" + name;
        }
    }

    /** A column of a dataset: where column lineage starts or ends. */
    public record FieldName(DatasetName dataset, String field) {
        public FieldName {
            requireNonNull(dataset);
            requireNonNull(field);
        }

        @Override
        public String toString() {
            return dataset + "." + field;
        }
    }
}
