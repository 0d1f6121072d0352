-- GitHub webhook deliveries, keyed by the X-GitHub-Delivery GUID. Inserting the row claims the
-- delivery: a redelivered event finds it and is not acted on twice. outcome stays null while the
-- delivery is being handled; a delivery whose handling failed is deleted so GitHub may redeliver it.

create table webhook_deliveries (
    delivery_id text primary key,
    event       text        not null,
    action      text,
    received_at timestamptz not null default now(),
    outcome     text
);

-- Pruning old rows scans by age.
create index webhook_deliveries_received_at on webhook_deliveries (received_at);
