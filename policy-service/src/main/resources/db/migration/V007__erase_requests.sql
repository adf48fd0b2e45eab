-- GDPR erase requests (Article 17): a data subject named by identifiers, the legal basis, a due
-- date, and the workflow received -> planned -> approved -> executing -> verified -> completed (or
-- rejected / failed, with a reason); every transition kept here and in the audit log. The audit
-- log names requests by id and identifiers by kind only: it is append-only and hash-chained, so a
-- value written there could never be erased.
create table erase_request (
    id          bigserial primary key,
    requester   text        not null,
    legal_basis text        not null,
    due_date    date        not null,
    state       text        not null default 'received'
        check (state in ('received', 'planned', 'approved', 'executing', 'verified', 'completed', 'rejected',
                         'failed')),
    reason      text, -- why it was rejected or failed
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index erase_request_by_state on erase_request (state, due_date);

-- What identifies the subject: email, phone, customer_id, ... and the value.
create table erase_identifier (
    request_id bigint not null references erase_request on delete cascade,
    kind       text   not null,
    value      text   not null,
    primary key (request_id, kind, value)
);

create table erase_transition (
    request_id bigint      not null references erase_request on delete cascade,
    seq        integer     not null,
    from_state text,
    to_state   text        not null,
    actor      text        not null,
    at         timestamptz not null default now(),
    reason     text,
    primary key (request_id, seq)
);

-- How the subject's rows leave a dataset: deleted, or their personal values redacted where the
-- rows must stay (a legal hold, financial records with a retention duty). Datasets without a
-- policy have their rows deleted.
create table dataset_erase_policy (
    dataset_id bigint      not null primary key references dataset on delete cascade,
    action     text        not null check (action in ('delete', 'redact')),
    reason     text        not null,
    set_by     text        not null,
    set_at     timestamptz not null default now()
);

-- The plan: every column that can hold the subject, how it was found, and what will be done.
create table erase_plan_item (
    request_id  bigint  not null references erase_request on delete cascade,
    dataset_id  bigint  not null references dataset on delete cascade,
    column_name text    not null,
    found_by    text    not null, -- 'tag EMAIL_ADDRESS', 'column name customer_id', 'lineage from NS:NAME.COL'
    identifier  text    not null, -- the identifier kind the column holds
    masked      text,             -- the transform when the column holds a masked form (search for it)
    action      text    not null check (action in ('delete', 'redact')),
    primary key (request_id, dataset_id, column_name, identifier)
);
