-- Raw OpenLineage events are kept whole (about 10 kB each for a Spark job with column lineage) and
-- written at thousands a second: lz4 compresses them several times faster than the default pglz,
-- for about the same size. Rows stored before keep their pglz compression; both read alike.
-- A PostgreSQL built without lz4 (the embedded one `steward serve` starts) keeps pglz.
do $$
begin
    alter table lineage_event alter column payload set compression lz4;
exception when feature_not_supported then
    raise notice 'this PostgreSQL has no lz4: raw lineage events stay compressed with pglz';
end
$$;
