-- Notifications per (task, event, channel): whether they reached people, after how many tries, and
-- why not. The unique key lets a retried activity find the send it already made instead of posting
-- twice; updated_at tells a send in flight from one abandoned by a crashed worker.
create table notifications (
    id           bigint generated always as identity primary key,
    task_id      bigint      not null references tasks (id) on delete cascade,
    event        text        not null,
    channel      text        not null,
    status       text        not null,
    attempts     integer     not null default 0,
    last_error   text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    delivered_at timestamptz,
    unique (task_id, event, channel)
);
