-- What each rewrite of an executing erase request did, per dataset, as `steward erase run`
-- reports it after the dataset's rewrite was swapped in and read again without the subject.
create table erase_dataset_result (
    request_id  bigint      not null references erase_request on delete cascade,
    dataset_id  bigint      not null references dataset on delete cascade,
    rows_before bigint      not null,
    rows_after  bigint      not null,
    erased      bigint      not null, -- rows deleted, or rows whose planned values were emptied
    action      text        not null check (action in ('delete', 'redact')),
    recorded_by text        not null,
    recorded_at timestamptz not null default now(),
    primary key (request_id, dataset_id)
);
