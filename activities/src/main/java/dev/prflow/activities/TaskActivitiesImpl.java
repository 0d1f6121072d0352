package dev.prflow.activities;

import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.workflows.TaskActivities;
import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.failure.ApplicationFailure;

/** Checks a task against its repository and writes its transitions to PostgreSQL. */
public class TaskActivitiesImpl implements TaskActivities {

  public static final String INVALID_TASK = "InvalidTask";

  private final TaskStore store;
  private final RepositoryRoots roots;

  /**
   * @param roots where {@code local:} repositories may live; checked again here because a task may
   *     have been stored before the roots changed
   */
  public TaskActivitiesImpl(TaskStore store, RepositoryRoots roots) {
    this.store = store;
    this.roots = roots;
  }

  @Override
  public void validateTask(TaskSpec task) {
    if (task.title() == null || task.title().isBlank()) {
      throw invalid("the task has no title");
    }
    if (task.title().length() > 200) {
      throw invalid("the title is longer than 200 characters");
    }
    RepositoryLocation location;
    try {
      location = RepositoryLocation.parse(task.repository());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    if (location.isGitHub()) {
      return; // checked by GitHub itself when the agent and the host use it
    }
    // Before any git command runs on the path.
    roots
        .problem(location.path())
        .ifPresent(
            problem -> {
              throw invalid("repository " + problem);
            });
    Git git = location.git();
    if (!git.isRepository()) {
      throw invalid("repository " + location.canonical() + " is not a git repository");
    }
    if (task.baseBranch() == null || !git.branchExists(task.baseBranch())) {
      throw invalid(
          "base branch " + task.baseBranch() + " does not exist in " + location.canonical());
    }
  }

  @Override
  public void recordStatus(StatusChange change) {
    store.recordTransition(change.taskId(), change.seq(), change.status(), change.detail());
  }

  @Override
  public void recordDecision(long taskId, Decision decision) {
    store.recordDecision(taskId, decision.by(), decision.comment());
  }

  @Override
  public void recordOutcome(TaskOutcome outcome) {
    store.recordTransition(
        outcome.taskId(), outcome.outcomeSeq(), outcome.status(), outcome.reason());
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, INVALID_TASK);
  }
}
