package dev.prflow.api.validation;

import dev.prflow.workflows.model.TaskControls;

/**
 * A validated {@code POST /api/v1/codegen/create-pr} body: a prompt to hand the agent as it is.
 *
 * @param prompt the agent's prompt; prompt generation is skipped
 * @param repository as a task's
 * @param baseBranch a valid branch name, or null for the repository's default
 * @param branchName the branch of the first attempt, or null for {@code prflow/task-<id>-1}
 * @param prTitle the pull request's (and the task's) title
 * @param controls {@code max_attempts}, {@code require_approval}, {@code auto_merge}
 */
public record CreatePrRequest(
    String prompt,
    String repository,
    String baseBranch,
    String branchName,
    String prTitle,
    TaskControls controls) {}
