-- Attempts, approval and merge settings per task; who approved or rejected it.
alter table tasks
    add column max_attempts             integer not null default 3,
    add column require_approval         boolean not null default false,
    add column approval_timeout_seconds bigint  not null default 259200,
    add column auto_merge               boolean not null default false,
    add column decided_by               text,
    add column decision_comment         text;

alter table pull_requests
    add column closed_reason text;
