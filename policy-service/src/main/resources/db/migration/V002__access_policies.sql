-- Access policies: who may read which columns of a dataset, and which rows; and how tagged
-- columns are masked for whom. Decisions are computed from these and cached.
create table access_policy (
    id             bigserial primary key,
    dataset_id     bigint      not null references dataset on delete cascade,
    principal_kind text        not null check (principal_kind in ('role', 'group', 'user')),
    principal      text        not null,
    effect         text        not null check (effect in ('allow', 'deny')),
    columns        text, -- JSON array of column names; null for every column
    row_filter     text, -- a validated predicate over the dataset's columns, in canonical form
    created_by     text        not null,
    created_at     timestamptz not null default now()
);
create index access_policy_by_dataset on access_policy (dataset_id);

create table tag_mask (
    id             bigserial primary key,
    entity_type    text not null,
    principal_kind text not null check (principal_kind in ('role', 'group', 'user')),
    principal      text not null,
    transform      text not null, -- a masking transform (HASH, PARTIAL:LAST_4, ...) or CLEAR
    created_by     text not null,
    unique (entity_type, principal_kind, principal)
);
