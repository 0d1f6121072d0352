package dev.prflow.activities.agent;

import dev.prflow.workflows.model.TaskSpec;
import java.nio.file.Path;

/** One attempt's work order: the task, the prompt (also in a file), and the worktree to change. */
public record AgentWork(
    TaskSpec task, int attempt, String strategy, String prompt, Path promptFile, Path worktree) {}
