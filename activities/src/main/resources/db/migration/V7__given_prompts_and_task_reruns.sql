-- A task made by POST /api/v1/codegen/create-pr brings its own prompt (the workflow skips prompt
-- generation) and may name the branch of its first attempt.
alter table tasks
    add column given_prompt text,
    add column branch_name  text;
