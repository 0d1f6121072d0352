-- API keys: only the SHA-256 of a key is kept (a key is shown once, when it is made); key_prefix is
-- its first characters, enough for a person to tell keys apart in a list. A name names one live key
-- at a time; a revoked key keeps its row (and its name may be used again) so the audit trail of who
-- decided what still resolves.
create table api_keys (
    id           bigint generated always as identity primary key,
    name         text        not null,
    key_hash     bytea       not null unique,
    key_prefix   text        not null,
    scopes       text[]      not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create unique index api_keys_live_name on api_keys (name) where revoked_at is null;
