-- Retention (storage limitation): per dataset, how long rows are kept, by which timestamp column,
-- and what happens after: the rows deleted, or their PII columns emptied. A dataset without a
-- policy is never purged. Each purge (or its dry run) is kept with what it did.
create table dataset_retention (
    dataset_id  bigint      not null primary key references dataset on delete cascade,
    keep_days   integer     not null check (keep_days > 0),
    time_column text        not null,
    action      text        not null check (action in ('delete', 'nullify')),
    set_by      text        not null,
    set_at      timestamptz not null default now()
);

create table retention_run (
    id      bigserial   primary key,
    dry_run boolean     not null,
    ran_by  text        not null,
    ran_at  timestamptz not null default now(),
    results text        not null -- JSON: per dataset its cutoff, rows before and after, rows purged or emptied
);
