-- The completion certificate of a verified erase request: the JSON text that was signed (the
-- plan, counts, results and transitions; identifiers only as hashes) and its Ed25519 signature.
create table erase_certificate (
    request_id bigint      not null primary key references erase_request on delete cascade,
    body       text        not null,
    signature  text        not null,
    key_id     text        not null,
    issued_at  timestamptz not null default now()
);
