-- The whole OpenLineage graph: namespaces, job versions, run state transitions, job-level edges
-- kept for fast walks and lineage as of a past time, dataset versions per run output, symlinks,
-- data-quality facets, ownership and tags; column lineage keeps when each edge was first seen
-- and how it transformed the value.

create table lineage_namespace (
    name       text primary key,
    first_seen timestamptz not null
);

-- A job's shape (its inputs, outputs and column lineage): a new one when the shape changes.
create table job_version (
    id         bigserial primary key,
    job_id     bigint      not null references job on delete cascade,
    version    text        not null, -- SHA-256 of the shape
    created_at timestamptz not null, -- event time of the first run seen with this shape
    unique (job_id, version)
);

alter table lineage_run add column job_version_id bigint references job_version on delete set null;
alter table lineage_run add column error_message text;
-- The run at the top of the parent chain (e.g. the Steward job or Airflow DAG run that started it).
alter table lineage_run add column root_run_id uuid;

-- Every state a run reported, in event time order (a COMPLETE may arrive before its START).
create table lineage_run_state (
    run_id   uuid        not null references lineage_run on delete cascade,
    state    text        not null,
    at       timestamptz not null,
    primary key (run_id, state, at)
);

-- Which datasets a job reads and writes, over all its runs: the edges lineage walks follow.
create table job_io (
    job_id     bigint      not null references job on delete cascade,
    dataset_id bigint      not null references dataset on delete cascade,
    direction  text        not null check (direction in ('input', 'output')),
    first_seen timestamptz not null,
    primary key (job_id, dataset_id, direction)
);
create index job_io_by_dataset on job_io (dataset_id, direction, job_id);

-- What each run wrote: the dataset's version, its size, and the schema version it had.
create table dataset_version (
    id             bigserial primary key,
    dataset_id     bigint      not null references dataset on delete cascade,
    run_id         uuid        not null references lineage_run on delete cascade,
    version        text        not null, -- the version facet's datasetVersion, else the run id
    schema_version integer,
    row_count      bigint,
    bytes          bigint,
    file_count     bigint,
    created_at     timestamptz not null,
    unique (dataset_id, run_id)
);
create index dataset_version_by_dataset on dataset_version (dataset_id, created_at desc);

create table dataset_symlink (
    dataset_id bigint not null references dataset on delete cascade,
    namespace  text   not null,
    name       text   not null,
    type       text   not null,
    primary key (dataset_id, namespace, name)
);

create table dataset_owner (
    dataset_id bigint not null references dataset on delete cascade,
    name       text   not null,
    type       text   not null,
    primary key (dataset_id, name)
);

create table job_owner (
    job_id bigint not null references job on delete cascade,
    name   text   not null,
    type   text   not null,
    primary key (job_id, name)
);

-- Tags from the tags facet; field is '' for a tag on the whole dataset.
create table dataset_tag (
    dataset_id bigint not null references dataset on delete cascade,
    field      text   not null,
    key        text   not null,
    value      text   not null,
    source     text   not null,
    primary key (dataset_id, field, key)
);

create table job_tag (
    job_id bigint not null references job on delete cascade,
    key    text   not null,
    value  text   not null,
    source text   not null,
    primary key (job_id, key)
);

-- The dataQualityMetrics and dataQualityAssertions input facets of each run.
create table lineage_dq_metric (
    run_id      uuid             not null references lineage_run on delete cascade,
    dataset_id  bigint           not null references dataset on delete cascade,
    column_name text             not null, -- '' for dataset metrics (rowCount, bytes)
    metric      text             not null,
    value       double precision not null,
    primary key (run_id, dataset_id, column_name, metric)
);

create table lineage_dq_assertion (
    run_id      uuid    not null references lineage_run on delete cascade,
    dataset_id  bigint  not null references dataset on delete cascade,
    assertion   text    not null,
    column_name text    not null,
    success     boolean not null,
    primary key (run_id, dataset_id, assertion, column_name)
);

alter table column_lineage add column description text not null default '';
alter table column_lineage add column job_id bigint references job on delete set null;
alter table column_lineage add column first_seen timestamptz not null default now();

-- A propagated tag that reached its column through a masking edge says the column holds the
-- entity masked (a keyed hash of an email is still personal data), with the transform; masked
-- tags do not propagate further and access rules do not mask the column again.
alter table column_tag add column masked boolean not null default false;
alter table column_tag add column transform text;
-- A propagated tag's path, column by column ("NAMESPACE:NAME.COLUMN"), from where it was set.
alter table column_tag add column via text[];

-- Dataset-level column lineage (columnLineage.dataset): input columns that influence every row of
-- an output (join keys, filters, group keys). INDIRECT: recorded, never carrying values.
create table dataset_lineage (
    output_dataset_id bigint      not null references dataset on delete cascade,
    input_dataset_id  bigint      not null references dataset on delete cascade,
    input_column      text        not null,
    transformation    text        not null,
    subtype           text        not null,
    job_id            bigint references job on delete set null,
    first_seen        timestamptz not null,
    primary key (output_dataset_id, input_dataset_id, input_column, transformation, subtype)
);

-- Columns Steward's masking wrote masked (its stewardMasking facet), with the transform: every
-- column lineage edge into them is a masking edge, whatever the producer of the edge could see
-- (a keyed hash runs as a UDF, which the Spark listener cannot recognize as masking).
create table column_masking (
    dataset_id  bigint      not null references dataset on delete cascade,
    column_name text        not null,
    transform   text        not null,
    key_id      text,
    recorded_at timestamptz not null,
    primary key (dataset_id, column_name)
);

-- Raw events are append-only: what a producer sent is evidence, never rewritten.
create function lineage_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'lineage_event is append-only: % of event % refused', tg_op, old.event_key;
end
$$;
create trigger lineage_event_append_only before update or delete on lineage_event
    for each row execute function lineage_event_append_only();
