-- OpenLineage: every event as it arrived (append-only), and the graph the events build, in the
-- same transaction. Datasets are the catalog's datasets and jobs its jobs.
create table lineage_event (
    id           bigserial primary key,
    event_key    text        not null unique, -- SHA-256 of the event's canonical JSON: the same event twice is one
    event_kind   text        not null check (event_kind in ('run', 'dataset', 'job')),
    event_type   text,
    event_time   timestamptz not null,
    run_id       uuid,
    job_id       bigint references job on delete set null,
    producer     text        not null,
    payload      text        not null,
    received_at  timestamptz not null default now()
);
create index lineage_event_by_run on lineage_event (run_id);

create table lineage_run (
    run_id        uuid primary key,
    job_id        bigint      not null references job on delete cascade,
    parent_run_id uuid,
    state         text        not null,
    started_at    timestamptz,
    ended_at      timestamptz,
    updated_at    timestamptz not null
);
create index lineage_run_by_job on lineage_run (job_id, updated_at desc);

-- Which datasets each run read and wrote.
create table lineage_io (
    run_id     uuid    not null references lineage_run on delete cascade,
    dataset_id bigint  not null references dataset on delete cascade,
    direction  text    not null check (direction in ('input', 'output')),
    primary key (run_id, dataset_id, direction)
);
create index lineage_io_by_dataset on lineage_io (dataset_id, direction);

-- Column lineage: an output column derived from an input column, how, and whether it was masked.
create table column_lineage (
    id                bigserial primary key,
    output_dataset_id bigint  not null references dataset on delete cascade,
    output_column     text    not null,
    input_dataset_id  bigint  not null references dataset on delete cascade,
    input_column      text    not null,
    transformation    text    not null default 'UNKNOWN', -- DIRECT, INDIRECT or UNKNOWN
    subtype           text    not null default '',        -- IDENTITY, TRANSFORMATION, AGGREGATION, JOIN, ...
    masking           boolean not null default false,
    run_id            uuid references lineage_run on delete set null,
    unique (output_dataset_id, output_column, input_dataset_id, input_column, transformation, subtype)
);
create index column_lineage_by_input on column_lineage (input_dataset_id, input_column);
