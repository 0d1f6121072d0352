-- prflow core schema: tasks, their transitions, agent runs, local pull requests, validation reports.

create table tasks (
    id                   bigint generated always as identity primary key,
    title                text        not null,
    description          text        not null default '',
    requirements         jsonb       not null default '[]'::jsonb,
    acceptance_criteria  jsonb       not null default '[]'::jsonb,
    priority             text        not null default 'medium',
    estimated_complexity text        not null default 'medium',
    repository           text        not null,
    base_branch          text        not null,
    prompt_style         text,
    status               text        not null default 'pending',
    status_seq           integer     not null default 0,
    failure_reason       text,
    workflow_id          text,
    idempotency_key      text unique,
    created_by           text,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    completed_at         timestamptz
);
create index tasks_id_desc on tasks (id desc);
create index tasks_status_id on tasks (status, id desc);

-- One row per transition; (task_id, seq) makes a retried write a no-op.
create table task_events (
    task_id   bigint      not null references tasks (id) on delete cascade,
    seq       integer     not null,
    status    text        not null,
    detail    text,
    at        timestamptz not null default now(),
    primary key (task_id, seq)
);

-- One row per attempt of a coding agent at a task (the seed's codegen_requests).
create table agent_runs (
    id              bigint generated always as identity primary key,
    task_id         bigint      not null references tasks (id) on delete cascade,
    attempt         integer     not null,
    strategy        text        not null,
    agent           text        not null,
    prompt          text,
    status          text        not null,
    branch          text,
    base_sha        text,
    head_sha        text,
    external_run_id text,
    web_url         text,
    error           text,
    output_tail     text,
    started_at      timestamptz not null default now(),
    finished_at     timestamptz,
    unique (task_id, attempt)
);

-- Pull requests on the local code host: a branch plus this row, numbered per repository.
create table repository_counters (
    repository     text primary key,
    last_pr_number integer not null
);

create table pull_requests (
    id          bigint generated always as identity primary key,
    repository  text        not null,
    number      integer     not null,
    task_id     bigint references tasks (id) on delete set null,
    attempt     integer,
    title       text        not null,
    body        text        not null default '',
    base_branch text        not null,
    head_branch text        not null,
    base_sha    text,
    head_sha    text,
    state       text        not null default 'open',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    unique (repository, number),
    unique (repository, head_branch)
);
create index pull_requests_task on pull_requests (task_id);

create table validation_reports (
    id               bigint generated always as identity primary key,
    workflow_id      text        not null unique,
    task_id          bigint references tasks (id) on delete set null,
    attempt          integer,
    host             text        not null,
    repository       text        not null,
    pr_number        integer     not null,
    head_sha         text,
    verdict          text        not null,
    summary          text        not null,
    files_changed    integer     not null default 0,
    additions        integer     not null default 0,
    deletions        integer     not null default 0,
    languages        jsonb       not null default '{}'::jsonb,
    test_status      text        not null,
    test_command     text,
    test_exit_code   integer,
    test_duration_ms bigint,
    test_output_tail text,
    test_reason      text,
    created_at       timestamptz not null default now()
);
create index validation_reports_task on validation_reports (task_id, id desc);

-- A projection of workflow runs for listing; Temporal stays the source of truth.
create table workflow_executions (
    workflow_id   text primary key,
    run_id        text,
    workflow_type text        not null,
    task_id       bigint references tasks (id) on delete cascade,
    started_at    timestamptz not null default now()
);
