-- Checks that run themselves: when a job's OpenLineage COMPLETE event arrives, the rulesets that
-- apply to each dataset it wrote are queued (in the ingest's transaction) and run by the
-- service's worker as `steward check` children; each result is a dq_run tied to the job's run,
-- and marks the dataset version that run wrote as passed or failed.
create table quality_check (
    id          bigserial primary key,
    dataset_id  bigint      not null references dataset on delete cascade,
    ruleset_id  bigint      not null references ruleset on delete cascade,
    job_id      bigint      references job on delete set null,
    run_id      uuid        not null, -- the OpenLineage run whose COMPLETE queued it
    state       text        not null default 'queued'
        check (state in ('queued', 'running', 'passed', 'failed', 'error')),
    attempts    integer     not null default 0,
    dq_run_id   bigint      references dq_run on delete set null,
    quarantine  text,                 -- where the failed rows were written, if anywhere
    error       text,
    created_at  timestamptz not null default now(),
    started_at  timestamptz,
    finished_at timestamptz,
    unique (dataset_id, ruleset_id, run_id)
);
create index quality_check_queued on quality_check (id) where state = 'queued';
create index quality_check_by_dataset on quality_check (dataset_id, finished_at desc);

alter table dq_run add column lineage_run_id uuid;
alter table dataset_version add column quality text check (quality in ('passed', 'failed'));

-- A data steward may have readers of a dataset whose newest checked version failed refused.
alter table dataset add column block_failed_reads boolean not null default false;

-- Notifications (webhooks) waiting to be delivered, retried with backoff until delivered or given up.
create table notification (
    id           bigserial primary key,
    event        text        not null,
    url          text        not null,
    body         text        not null,
    attempts     integer     not null default 0,
    next_attempt timestamptz not null default now(),
    delivered_at timestamptz,
    failed_at    timestamptz,
    last_error   text,
    created_at   timestamptz not null default now()
);
create index notification_due on notification (next_attempt) where delivered_at is null and failed_at is null;
