package dev.prflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TaskStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
            "task-rejected.json",
            "task-approval-timeout.json",
            "task-cancelled.json",
            "validation-happy-path.json",
            "validation-tests-failed.json");
  }

  @Test
  void bothSidesOfTheAbandonedNoticesChangeAreRecorded() throws Exception {
    // The change id travels as a JSON string in the marker's base64 payload, whose padding the
    // exported JSON escapes.
    String marker =
        java.util.Base64.getEncoder()
            .withoutPadding()
            .encodeToString(
                ("\"" + TaskToPrWorkflowImpl.ABANDONED_NOTICES + "\"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(read("task-cancelled.json")).contains(marker);
    assertThat(read("task-approved.json")).contains(marker);
    assertThat(read("task-cancelled-before-abandoned-notices.json")).doesNotContain(marker);
    assertThat(read("task-approved-before-abandoned-notices.json")).doesNotContain(marker);
  }

  private static String read(String name) throws Exception {
    return Files.readString(histories().filter(p -> p.endsWith(name)).findFirst().orElseThrow());
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
        .hasStackTraceContaining("Event 5");
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
