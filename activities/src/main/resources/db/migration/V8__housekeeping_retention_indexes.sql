-- Housekeeping (PRFLOW_RETENTION) deletes expired rows in small batches, each picked by age: these
-- indexes let a batch find its oldest rows without scanning the table. webhook_deliveries has its
-- index since V4.
create index if not exists test_outputs_created_at on test_outputs (created_at);
create index if not exists notifications_updated_at on notifications (updated_at);
