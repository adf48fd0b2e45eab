package io.steward.service.lineage;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.Collection;

/**
 * PII tags follow column lineage. A tag on a column proposes the same tag on every column derived
 * from it by a value-carrying edge (DIRECT IDENTITY or TRANSFORMATION, or an UNKNOWN edge, which
 * may carry), hop after hop, with the path as explanation; INDIRECT edges (joins, filters, group
 * keys) and aggregations carry no values. An edge with the masking flag ends the walk: the column
 * behind it gets the tag marked masked, with the transform, and nothing goes further.
 *
 * <p>A reviewer's rejection is final: a rejected tag is no origin, and the walk does not pass
 * through a column whose tag of that entity was rejected (see {@link #rejected}).
 *
 * <p>Incremental: a walk starts only from what changed (new column lineage edges, new tags). It
 * first climbs to the origins upstream of those columns (so a path is explained from the column
 * where the tag was detected or set), then walks down. Set-based: one statement adds the columns
 * lineage names that the catalog lacks, one the tags. Tags already on a column keep their review;
 * an unmasked path replaces a masked one on a propagated tag, never the other way round.
 */
public final class TagPropagation {

    private static final String CARRIES = "(l.transformation = 'DIRECT' and l.subtype in ('IDENTITY', 'TRANSFORMATION') "
            + "or l.transformation = 'UNKNOWN')";

    /** The columns tags may reach from the starting columns, each with its entity, path, and masking. */
    private static final String REACH = """
            with recursive start(dataset_id, column_name) as (
                select input_dataset_id, input_column from column_lineage where id = any(cast(cast(:edges as text) as bigint[]))
              union
                select dataset_id, name from dataset_column where id = any(cast(cast(:columns as text) as bigint[]))
            ),
            upstream(dataset_id, column_name, hops) as (
                select dataset_id, column_name, 0 from start
              union
                select l.input_dataset_id, l.input_column, u.hops + 1
                from upstream u
                join column_lineage l on l.output_dataset_id = u.dataset_id and l.output_column = u.column_name
                where not l.masking and CARRIES and u.hops < 50
            ),
            reach(dataset_id, column_name, entity_type, confidence, via, hops, masked, transform) as (
                select distinct c.dataset_id, c.name, t.entity_type, t.confidence,
                       array[d.namespace || ':' || d.name || '.' || c.name], 0, false, cast(null as text)
                from upstream u
                join dataset_column c on c.dataset_id = u.dataset_id and c.name = u.column_name
                join column_tag t on t.column_id = c.id
                join dataset d on d.id = c.dataset_id
                where t.review_state <> 'rejected' and t.source <> 'propagated'
              union
                select l.output_dataset_id, l.output_column, r.entity_type, r.confidence,
                       r.via || (d.namespace || ':' || d.name || '.' || l.output_column), r.hops + 1, l.masking,
                       case when l.masking then coalesce(nullif(l.description, ''), nullif(l.subtype, ''), 'masked') end
                from reach r
                join column_lineage l on l.input_dataset_id = r.dataset_id and l.input_column = r.column_name
                join dataset d on d.id = l.output_dataset_id
                where not r.masked and CARRIES and r.hops < 50
                  and not exists (select 1 from dataset_column rc join column_tag rt on rt.column_id = rc.id
                                  where rc.dataset_id = l.output_dataset_id and rc.name = l.output_column
                                    and rt.entity_type = r.entity_type and rt.review_state = 'rejected')
            )
            """.replace("CARRIES", CARRIES);

    private TagPropagation() {
    }

    /** Propagates from the input columns of these column lineage edges and from these catalog columns. */
    public static Uni<Void> from(Mutiny.Session session, Collection<Long> edgeIds, Collection<Long> columnIds) {
        if (edgeIds.isEmpty() && columnIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String edges = array(edgeIds);
        String columns = array(columnIds);
        return session.createNativeQuery(REACH + """
                        insert into dataset_column (dataset_id, name, data_type, position)
                        select distinct dataset_id, column_name, 'unknown', 1000000 from reach where hops > 0
                        on conflict (dataset_id, name) do nothing""")
                .setParameter("edges", edges).setParameter("columns", columns).executeUpdate()
                .flatMap(added -> session.createNativeQuery(REACH + """
                        insert into column_tag (column_id, entity_type, confidence, source, review_state, explanation,
                                                masked, transform, via)
                        select distinct on (c.id, r.entity_type) c.id, r.entity_type, r.confidence, 'propagated',
                               'proposed', case when r.masked then 'masked by ' || r.transform || ' along column lineage: '
                               else 'propagated along column lineage: ' end || array_to_string(r.via, ' -> '), r.masked,
                               r.transform, r.via
                        from reach r join dataset_column c on c.dataset_id = r.dataset_id and c.name = r.column_name
                        where r.hops > 0
                        order by c.id, r.entity_type, r.masked, r.hops
                        on conflict (column_id, entity_type) do update set
                            masked = false, transform = null, explanation = excluded.explanation, via = excluded.via
                        where column_tag.source = 'propagated' and column_tag.masked and not excluded.masked""")
                        .setParameter("edges", edges).setParameter("columns", columns).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Columns found written masked after their lineage was known (Steward's masking facet arrives
     * after the Spark listener's events): their propagated tags become masked, and tags that had
     * travelled on through them are withdrawn while still awaiting review.
     *
     * @param columns "NAMESPACE:NAME.COLUMN" of each newly masked column
     */
    static Uni<Void> masked(Mutiny.Session session, Collection<String> columns) {
        if (columns.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String names = LineageGraph.textArray(java.util.List.copyOf(columns));
        return session.createNativeQuery("""
                        update column_tag t set masked = true, transform = m.transform,
                            explanation = 'masked by ' || m.transform || ' along column lineage: '
                                          || array_to_string(t.via, ' -> ')
                        from dataset_column c
                        join dataset d on d.id = c.dataset_id
                        join column_masking m on m.dataset_id = c.dataset_id and m.column_name = c.name
                        where t.column_id = c.id and t.source = 'propagated' and not t.masked
                          and d.namespace || ':' || d.name || '.' || c.name = any(cast(cast(:names as text) as text[]))""")
                .setParameter("names", names).executeUpdate()
                .flatMap(v -> session.createNativeQuery("""
                        delete from column_tag t
                        where t.source = 'propagated' and t.review_state = 'proposed'
                          and exists (select 1 from unnest(t.via) with ordinality as v(node, n)
                                      where n > 1 and n < cardinality(t.via)
                                        and v.node = any(cast(cast(:names as text) as text[])))""")
                        .setParameter("names", names).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * A tag was rejected: the proposed tags that followed lineage from or through that column for
     * that entity are withdrawn, then the columns that lost one are walked to again from any other
     * origin upstream, so a tag that also came another way comes back with that path.
     */
    public static Uni<Void> rejected(Mutiny.Session session, long columnId, String entityType) {
        return session.createNativeQuery("""
                        delete from column_tag t
                        using dataset_column c, dataset d
                        where c.id = :column and d.id = c.dataset_id
                          and t.entity_type = :entity and t.source = 'propagated' and t.review_state = 'proposed'
                          and t.column_id <> c.id
                          and exists (select 1 from unnest(t.via) with ordinality as v(node, n)
                                      where n < cardinality(t.via)
                                        and v.node = d.namespace || ':' || d.name || '.' || c.name)
                        returning t.column_id""", Long.class)
                .setParameter("column", columnId).setParameter("entity", entityType).getResultList()
                .flatMap(withdrawn -> from(session, java.util.List.of(), withdrawn));
    }

    /** A PostgreSQL array literal of ids, bound as text: one parameter however many ids. */
    static String array(Collection<Long> ids) {
        StringBuilder text = new StringBuilder("{");
        for (Long id : ids) {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(id);
        }
        return text.append('}').toString();
    }
}
