-- The catalog: datasets named as OpenLineage names them, their schema versions and columns,
-- PII tags on columns awaiting review, and jobs.
create table dataset (
    id             bigserial primary key,
    namespace      text        not null,
    name           text        not null,
    location       text,
    format         text,
    owner          text,
    description    text,
    classification text        not null default 'internal'
        check (classification in ('public', 'internal', 'confidential', 'restricted')),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    unique (namespace, name)
);

create table schema_version (
    id         bigserial primary key,
    dataset_id bigint      not null references dataset on delete cascade,
    version    integer     not null,
    fields     text        not null, -- JSON array of {"name", "type"}, in column order
    created_at timestamptz not null default now(),
    unique (dataset_id, version)
);

create table dataset_column (
    id         bigserial primary key,
    dataset_id bigint  not null references dataset on delete cascade,
    name       text    not null,
    data_type  text    not null,
    position   integer not null,
    unique (dataset_id, name)
);

create table column_tag (
    id           bigserial primary key,
    column_id    bigint           not null references dataset_column on delete cascade,
    entity_type  text             not null,
    confidence   double precision not null check (confidence between 0 and 1),
    source       text             not null check (source in ('detected', 'propagated', 'manual')),
    review_state text             not null default 'proposed'
        check (review_state in ('proposed', 'confirmed', 'rejected')),
    reviewer     text,
    reviewed_at  timestamptz,
    explanation  text,
    created_at   timestamptz      not null default now(),
    unique (column_id, entity_type)
);

create table job (
    id          bigserial primary key,
    namespace   text not null,
    name        text not null,
    description text,
    unique (namespace, name)
);

-- Rulesets: DQDL text, versioned; attached to datasets and jobs; DQ runs and their rule results.
create table ruleset (
    id         bigserial primary key,
    name       text        not null unique,
    created_at timestamptz not null default now()
);

create table ruleset_version (
    id         bigserial primary key,
    ruleset_id bigint      not null references ruleset on delete cascade,
    version    integer     not null,
    text       text        not null,
    created_by text        not null,
    created_at timestamptz not null default now(),
    unique (ruleset_id, version)
);

create table ruleset_attachment (
    id         bigserial primary key,
    ruleset_id bigint not null references ruleset on delete cascade,
    dataset_id bigint references dataset on delete cascade,
    job_id     bigint references job on delete cascade,
    check (dataset_id is not null or job_id is not null),
    unique (ruleset_id, dataset_id, job_id)
);

create table dq_run (
    id                 bigserial primary key,
    dataset_id         bigint           not null references dataset on delete cascade,
    job_id             bigint references job on delete set null,
    ruleset_version_id bigint references ruleset_version on delete set null,
    score              double precision not null,
    rows_total         bigint,
    rows_passed        bigint,
    rows_failed        bigint,
    finished_at        timestamptz      not null default now()
);

create table dq_rule_result (
    id      bigserial primary key,
    run_id  bigint not null references dq_run on delete cascade,
    rule    text   not null,
    outcome text   not null check (outcome in ('PASS', 'FAIL', 'ERROR')),
    message text   not null,
    metrics text   not null -- JSON object of metric name to value
);
create index dq_run_by_dataset on dq_run (dataset_id, finished_at desc);

-- The audit log: append-only, each entry hashing the one before it. States are kept as the
-- exact JSON text that was hashed (jsonb would reorder it).
create table audit_entry (
    id            bigserial primary key,
    at            timestamptz not null,
    actor         text        not null,
    action        text        not null,
    target        text        not null,
    before_state  text,
    after_state   text,
    previous_hash text        not null,
    hash          text        not null unique
);
