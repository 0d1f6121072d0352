-- Full validation reports: score, markdown, test counts, findings, dependency changes, full test output.

alter table validation_reports
    add column score           integer,
    add column report_markdown text,
    add column tests_passed    integer,
    add column tests_failed    integer,
    add column tests_skipped   integer,
    add column tests_errors    integer,
    add column skipped         jsonb not null default '[]'::jsonb,
    add column dependencies    jsonb not null default '[]'::jsonb,
    add column base_sha        text,
    add column head_branch     text;

create index validation_reports_head on validation_reports (repository, head_sha);

create table validation_findings (
    id         bigint generated always as identity primary key,
    report_id  bigint  not null references validation_reports (id) on delete cascade,
    position   integer not null,
    category   text    not null,
    file       text,
    line       integer,
    severity   text    not null,
    rule       text    not null,
    message    text    not null,
    suggestion text,
    unique (report_id, position)
);
create index validation_findings_report on validation_findings (report_id, position);

-- The full (capped) output of a test run, kept apart from the report row.
create table test_outputs (
    workflow_id text primary key,
    output      text        not null,
    truncated   boolean     not null default false,
    created_at  timestamptz not null default now()
);
