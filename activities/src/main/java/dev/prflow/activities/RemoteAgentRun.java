package dev.prflow.activities;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.codegen.CodegenException;
import dev.prflow.activities.codegen.CodegenOutcome;
import dev.prflow.activities.codegen.CodegenRunner;
import dev.prflow.activities.codegen.RunCheckpoint;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.store.AgentRunRow;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.Strategy;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt with the Codegen agent, which opens the pull request itself. The run id goes into
 * {@code agent_runs} and the activity's heartbeat details the moment it exists, so a retried
 * activity follows that run instead of starting another.
 */
final class RemoteAgentRun {

  private final CodegenRunner runner;
  private final AgentRunStore runs;
  private final Duration deadline;
  private final DatabaseWait database;

  RemoteAgentRun(CodegenRunner runner, AgentRunStore runs, Duration deadline) {
    this(runner, runs, deadline, DatabaseWait.standard());
  }

  RemoteAgentRun(
      CodegenRunner runner, AgentRunStore runs, Duration deadline, DatabaseWait database) {
    this.runner = runner;
    this.runs = runs;
    this.deadline = deadline;
    this.database = database;
  }

  RemoteAgentRun withDatabase(DatabaseWait other) {
    return new RemoteAgentRun(runner, runs, deadline, other);
  }

  AgentRunResult run(AgentRunRequest request, Heartbeat heartbeat) {
    TaskSpec task = request.task();
    int attempt = request.attempt();
    database.run(
        "recording the start of the Codegen run",
        heartbeat,
        () ->
            runs.begin(task.id(), attempt, request.strategy(), "codegen", request.prompt(), null));
    String resume = null;
    if (Strategy.FIX_FORWARD.equals(request.strategy())) {
      resume =
          database.call(
              "reading the previous attempt's Codegen run",
              heartbeat,
              () -> runs.find(task.id(), attempt - 1).map(AgentRunRow::externalRunId).orElse(null));
    }
    RunCheckpoint checkpoint = checkpoint(task.id(), attempt, heartbeat);
    Map<String, Object> metadata =
        Map.of("task_id", task.id(), "attempt", attempt, "strategy", request.strategy());
    CodegenOutcome outcome;
    try {
      // Every wait inside (poll intervals, Codegen's Retry-After, backoffs) beats through the
      // checkpoint, so each heartbeat carries the run id and a long run never times out.
      String resumeRunId = resume;
      outcome =
          ActivityHeartbeat.within(
              checkpoint::beat,
              () ->
                  runner.run(
                      GitHubRepository.parse(task.repository()).fullName(),
                      request.prompt(),
                      metadata,
                      resumeRunId,
                      checkpoint,
                      deadline));
    } catch (CodegenException e) {
      database.run(
          "recording the Codegen run's failure",
          heartbeat,
          () -> runs.failed(task.id(), attempt, e.getMessage(), null));
      if (e.retryable()) {
        throw ApplicationFailure.newFailure(e.getMessage(), "CodegenUnavailable");
      }
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "CodegenFailed");
    }
    database.run(
        "recording the Codegen run's result",
        heartbeat,
        () ->
            runs.succeeded(task.id(), attempt, null, null, String.join("\n", outcome.warnings())));
    return new AgentRunResult(
        "codegen",
        null,
        null,
        null,
        java.util.List.of(),
        "Codegen run "
            + outcome.runId()
            + " opened "
            + outcome.prUrl()
            + (outcome.warnings().isEmpty()
                ? ""
                : " (" + String.join("; ", outcome.warnings()) + ")"),
        false,
        outcome.prNumber(),
        outcome.prUrl(),
        outcome.runId(),
        outcome.webUrl());
  }

  /**
   * Where the run id is kept: the {@code agent_runs} row, and every heartbeat's details, which
   * start with {@value #RUN_PREFIX} and the id once it is known (progress follows), so a retried
   * activity finds it even when the database write was lost.
   */
  RunCheckpoint checkpoint(long taskId, int attempt, Heartbeat heartbeat) {
    String[] known = {null};
    return new RunCheckpoint() {
      @Override
      public Optional<String> recordedRunId() {
        Optional<String> stored =
            database.call(
                "reading the recorded Codegen run",
                heartbeat,
                () -> runs.find(taskId, attempt).map(AgentRunRow::externalRunId));
        return stored.isPresent() ? stored : heartbeatDetails().flatMap(RemoteAgentRun::runIdIn);
      }

      @Override
      public void recordRunId(String runId, String webUrl) {
        known[0] = runId;
        // The heartbeat first: it keeps the run id even while PostgreSQL is down.
        heartbeat.beat(RUN_PREFIX + runId);
        database.run(
            "recording the Codegen run id",
            heartbeat,
            () -> runs.recordExternal(taskId, attempt, runId, webUrl));
      }

      @Override
      public boolean beat(String progress) {
        return heartbeat.beat(known[0] == null ? progress : RUN_PREFIX + known[0] + " " + progress);
      }
    };
  }

  /** Heartbeat details name the Codegen run this way. */
  static final String RUN_PREFIX = "codegen-run:";

  /** The run id in heartbeat details written by {@link #checkpoint}, if any. */
  static Optional<String> runIdIn(String details) {
    if (details == null || !details.startsWith(RUN_PREFIX)) {
      return Optional.empty();
    }
    String rest = details.substring(RUN_PREFIX.length());
    int end = rest.indexOf(' ');
    String id = end < 0 ? rest : rest.substring(0, end);
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  private static Optional<String> heartbeatDetails() {
    try {
      return Activity.getExecutionContext().getHeartbeatDetails(String.class);
    } catch (IllegalStateException notInActivity) {
      return Optional.empty();
    }
  }
}
