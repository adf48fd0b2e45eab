package io.steward.service.lineage;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * PII tags follow column lineage: a column derived (directly or not) from a tagged column is
 * tagged too, as a propagated tag proposed for review, hop after hop; an edge that masked the data
 * (the masking flag of OpenLineage's column lineage) stops it. Two set-based statements over the
 * whole graph: one adds the columns lineage names that the catalog lacks, one adds the tags.
 * Tags already on a column (in any review state) are kept as they are.
 */
public final class TagPropagation {

    /** The tags that reach each column, with the hop count and where they came from. */
    private static final String REACH = """
            with recursive reach(dataset_id, column_name, entity_type, origin, hops) as (
                select c.dataset_id, c.name, t.entity_type, d.namespace || ':' || d.name || '.' || c.name, 0
                from column_tag t
                join dataset_column c on c.id = t.column_id
                join dataset d on d.id = c.dataset_id
                where t.review_state <> 'rejected' and t.source <> 'propagated'
              union
                select l.output_dataset_id, l.output_column, r.entity_type, r.origin, r.hops + 1
                from reach r
                join column_lineage l on l.input_dataset_id = r.dataset_id and l.input_column = r.column_name
                where not l.masking and r.hops < 50
            )
            """;

    private TagPropagation() {
    }

    public static Uni<Void> run(Mutiny.Session session) {
        return session.createNativeQuery(REACH + """
                        insert into dataset_column (dataset_id, name, data_type, position)
                        select distinct dataset_id, column_name, 'unknown', 1000000 from reach where hops > 0
                        on conflict (dataset_id, name) do nothing""").executeUpdate()
                .flatMap(columns -> session.createNativeQuery(REACH + """
                        insert into column_tag (column_id, entity_type, confidence, source, review_state, explanation)
                        select distinct on (c.id, r.entity_type) c.id, r.entity_type, 1.0, 'propagated', 'proposed',
                               'propagated along column lineage from ' || r.origin
                        from reach r join dataset_column c on c.dataset_id = r.dataset_id and c.name = r.column_name
                        where r.hops > 0
                        order by c.id, r.entity_type, r.hops
                        on conflict (column_id, entity_type) do nothing""").executeUpdate())
                .replaceWithVoid();
    }
}
