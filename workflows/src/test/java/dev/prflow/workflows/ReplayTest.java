package dev.prflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TaskStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories recorded from real runs (scripts/record-histories) against the current workflow
 * code: a change that alters command order without {@code Workflow.getVersion} fails here.
 */
class ReplayTest {

  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(ReplayTest.class.getResource("/histories").toURI());
    return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  @Test
  void theSuiteCoversEveryScenario() throws Exception {
    assertThat(histories().map(p -> p.getFileName().toString()))
        .contains(
            "task-happy-path.json",
            "task-validation-failed.json",
            "task-every-strategy.json",
            "task-third-attempt-succeeds.json",
            "task-approved.json",
            "task-approved-merged.json",
            "task-rejected.json",
            "task-approval-timeout.json",
            "task-cancelled.json",
            "task-approved-via-update.json",
            "task-rejected-then-approved-via-update.json",
            "task-signal-ignored-outside-the-gate.json",
            "validation-happy-path.json",
            "validation-tests-failed.json");
  }

  /**
   * Each versioned change is replayed from both sides: a history recorded before it (no marker, or
   * an older version) and one recorded since.
   */
  @Test
  void bothSidesOfEveryVersionedChangeAreRecorded() throws Exception {
    assertThat(markers("task-cancelled-before-abandoned-notices.json")).isEmpty();
    assertThat(markers("task-cancelled-before-abandoned-bookkeeping.json"))
        .containsExactly(TaskToPrWorkflowImpl.ABANDONED_NOTICES + "=1");
    assertThat(markers("task-cancelled.json"))
        .contains(
            TaskToPrWorkflowImpl.ABANDONED_NOTICES + "=1",
            TaskToPrWorkflowImpl.ABANDONED_BOOKKEEPING + "=1");
    assertThat(markers("task-approved-merged.json"))
        .contains(TaskToPrWorkflowImpl.MERGE_FAILURE_ENDS_TASK + "=1");
    assertThat(markers("task-approved.json"))
        .doesNotContain(TaskToPrWorkflowImpl.MERGE_FAILURE_ENDS_TASK + "=1");
    assertThat(markers("task-every-strategy-before-superseded-close-best-effort.json"))
        .doesNotContain(TaskToPrWorkflowImpl.SUPERSEDED_CLOSE_BEST_EFFORT + "=1");
    assertThat(markers("task-every-strategy.json"))
        .contains(TaskToPrWorkflowImpl.SUPERSEDED_CLOSE_BEST_EFFORT + "=1");
    // Before approvals-at-the-gate: signals decided wherever they arrived. Since: updates at the
    // gate, a signal outside it ignored and recorded, a rejection that does not carry over.
    for (String before : List.of("task-approved.json", "task-rejected.json")) {
      assertThat(markers(before)).doesNotContain(TaskToPrWorkflowImpl.APPROVALS_AT_THE_GATE + "=1");
    }
    for (String since :
        List.of(
            "task-approved-via-update.json",
            "task-rejected-then-approved-via-update.json",
            "task-signal-ignored-outside-the-gate.json")) {
      assertThat(markers(since)).contains(TaskToPrWorkflowImpl.APPROVALS_AT_THE_GATE + "=1");
    }
    assertThat(markers("validation-happy-path-before-best-effort-publish.json"))
        .contains(PrValidationWorkflowImpl.PUBLISH_REPORT + "=1");
    assertThat(markers("validation-happy-path.json"))
        .contains(PrValidationWorkflowImpl.PUBLISH_REPORT + "=2");
    // Local pull requests never reach the checks wait: their histories carry no marker of it.
    assertThat(markers("validation-happy-path.json"))
        .doesNotContain(PrValidationWorkflowImpl.CHECKS_IN_ACTIVITY + "=1");
    assertThat(markers("validation-github-checks-awaited.json"))
        .contains(PrValidationWorkflowImpl.CHECKS_IN_ACTIVITY + "=1");
    assertThat(markers("validation-github-checks-signalled.json"))
        .contains(PrValidationWorkflowImpl.CHECKS_IN_ACTIVITY + "=1");
    assertThat(markers("validation-tests-after-database-outage.json"))
        .contains(PrValidationWorkflowImpl.INFRASTRUCTURE_RETRIED + "=1");
    assertThat(markers("task-happy-path.json"))
        .doesNotContain(TaskToPrWorkflowImpl.OWN_VALIDATION_ID + "=1");
    assertThat(markers("task-own-validation-id.json"))
        .contains(TaskToPrWorkflowImpl.OWN_VALIDATION_ID + "=1");
    // A task with a prompt of its own skips generatePrompt; every other history never asks.
    assertThat(markers("task-given-prompt.json"))
        .contains(TaskToPrWorkflowImpl.GIVEN_PROMPT + "=1");
    assertThat(markers("task-happy-path.json"))
        .doesNotContain(TaskToPrWorkflowImpl.GIVEN_PROMPT + "=1");
    assertThat(markers("task-resumed-after-validation-failed.json"))
        .doesNotContain(TaskToPrWorkflowImpl.GIVEN_PROMPT + "=1");
    // Status writes as local activities: the histories recorded before write them as activities.
    for (String before :
        List.of(
            "task-happy-path.json",
            "task-cancelled.json",
            "task-approved-via-update.json",
            "task-every-strategy.json")) {
      assertThat(markers(before)).doesNotContain(TaskToPrWorkflowImpl.LOCAL_STATUS_WRITES + "=1");
      String since = before.replace(".json", "-local-status-writes.json");
      assertThat(markers(since)).contains(TaskToPrWorkflowImpl.LOCAL_STATUS_WRITES + "=1");
      // A decision at the gate and an ignored signal are still written by an activity.
      assertThat(count(scheduledActivities(since), "recordStatus"))
          .isLessThan(count(scheduledActivities(before), "recordStatus"));
    }
    assertThat(scheduledActivities("task-happy-path-local-status-writes.json"))
        .doesNotContain("recordStatus");
  }

  private static long count(List<String> items, String item) {
    return items.stream().filter(item::equals).count();
  }

  /** The activity types a recorded history scheduled, in order. */
  private static List<String> scheduledActivities(String name) throws Exception {
    Path file = histories().filter(p -> p.endsWith(name)).findFirst().orElseThrow();
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(file));
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  /** The version markers of a recorded history, as {@code changeId=version}. */
  private static List<String> markers(String name) throws Exception {
    Path file = histories().filter(p -> p.endsWith(name)).findFirst().orElseThrow();
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(file));
    List<String> found = new java.util.ArrayList<>();
    for (HistoryEvent event : history.getEvents()) {
      if (event.getEventType() != EventType.EVENT_TYPE_MARKER_RECORDED) {
        continue;
      }
      var details = event.getMarkerRecordedEventAttributes().getDetailsMap();
      if (!details.containsKey("changeId")) {
        continue; // a local activity's marker, not a version's
      }
      String changeId =
          DataConverter.getDefaultInstance()
              .fromPayloads(0, Optional.of(details.get("changeId")), String.class, String.class);
      Integer version =
          DataConverter.getDefaultInstance()
              .fromPayloads(0, Optional.of(details.get("version")), Integer.class, Integer.class);
      found.add(changeId + "=" + version);
    }
    return found;
  }

  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistoryReplaysDeterministically(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        history.toFile(), TaskToPrWorkflowImpl.class, PrValidationWorkflowImpl.class);
  }

  @Test
  void aReorderedWorkflowIsCaughtByTheReplaySuite() throws Exception {
    Path happy =
        histories().filter(p -> p.endsWith("task-happy-path.json")).findFirst().orElseThrow();
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(happy));

    assertThatThrownBy(
            () -> WorkflowReplayer.replayWorkflowExecution(history, ReorderedWorkflow.class))
        .hasStackTraceContaining("NonDeterministicException")
        .hasStackTraceContaining("does not match command type");
  }

  /** The pipeline with prompt generation moved before task validation: a breaking reorder. */
  public static class ReorderedWorkflow implements TaskToPrWorkflow {
    private final TaskActivities tasks =
        Workflow.newActivityStub(
            TaskActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
    private final PromptActivities prompts =
        Workflow.newActivityStub(
            PromptActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public TaskOutcome run(TaskSpec task) {
      tasks.recordStatus(new StatusChange(task.id(), 1, TaskStatus.VALIDATING, null));
      prompts.generatePrompt(new PromptRequest(task, "concise", 1, "initial", null));
      tasks.validateTask(task);
      return new TaskOutcome(task.id(), TaskStatus.FAILED, "reordered", 1, null, null);
    }

    @Override
    public dev.prflow.workflows.model.TaskProgress status() {
      return null;
    }

    @Override
    public void approve(dev.prflow.workflows.model.Decision decision) {}

    @Override
    public void reject(dev.prflow.workflows.model.Decision decision) {}

    @Override
    public dev.prflow.workflows.model.DecisionAccepted approveAtGate(
        dev.prflow.workflows.model.Decision decision) {
      return null;
    }

    @Override
    public void validateApproval(dev.prflow.workflows.model.Decision decision) {}

    @Override
    public dev.prflow.workflows.model.DecisionAccepted rejectAtGate(
        dev.prflow.workflows.model.Decision decision) {
      return null;
    }

    @Override
    public void validateRejection(dev.prflow.workflows.model.Decision decision) {}

    @Override
    public void cancel(dev.prflow.workflows.model.CancelRequest request) {}

    @Override
    public dev.prflow.workflows.model.RetryAccepted retry(
        dev.prflow.workflows.model.RetryRequest request) {
      return null;
    }

    @Override
    public void validateRetry(dev.prflow.workflows.model.RetryRequest request) {}
  }

  @Test
  void historiesAreRealRunsNotFixtures() throws Exception {
    List<Path> all = histories().toList();
    for (Path p : all) {
      WorkflowExecutionHistory h = WorkflowExecutionHistory.fromJson(Files.readString(p));
      assertThat(h.getEvents().size()).as(p.toString()).isGreaterThan(10);
      assertThat(
              h.getEvents()
                  .get(0)
                  .getWorkflowExecutionStartedEventAttributes()
                  .getWorkflowType()
                  .getName())
          .isIn(TaskToPrWorkflow.TYPE, PrValidationWorkflow.TYPE);
    }
  }
}
