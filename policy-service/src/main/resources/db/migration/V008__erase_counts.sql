-- The dry run of an erase plan: per planned dataset, its rows and how many of them hold the
-- subject (by value or by masked form), as `steward erase count` found them; a note where a
-- dataset could not be counted (no location, a mask whose key is not at hand).
create table erase_dataset_count (
    request_id bigint      not null references erase_request on delete cascade,
    dataset_id bigint      not null references dataset on delete cascade,
    total_rows bigint,
    matching   bigint,
    note       text,
    counted_by text        not null,
    counted_at timestamptz not null default now(),
    primary key (request_id, dataset_id)
);
