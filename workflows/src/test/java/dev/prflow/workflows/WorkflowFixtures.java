package dev.prflow.workflows;

import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.TaskControls;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import java.util.List;
import java.util.Map;

/** Small, valid inputs and activity results shared by the workflow tests. */
final class WorkflowFixtures {

  static final long TASK_ID = 42L;
  static final String BASE_SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String HEAD_SHA = "fedcba9876543210fedcba9876543210fedcba98";
  static final String PROMPT_TEXT = "Add a GET /health endpoint returning 200.";

  private WorkflowFixtures() {}

  /** A single-attempt task: the pipeline without the strategy ladder. */
  static TaskSpec task() {
    return task(new TaskControls(1, false, 0, false));
  }

  static TaskSpec task(TaskControls controls) {
    return new TaskSpec(
        TASK_ID,
        "Add a health endpoint",
        "Expose liveness for the load balancer.",
        List.of("GET /health returns 200"),
        List.of("a test covers /health"),
        "medium",
        "low",
        "acme/shop",
        "main",
        null,
        controls);
  }

  static GeneratedPrompt prompt() {
    return new GeneratedPrompt("comprehensive", PROMPT_TEXT, List.of("src/App.java"));
  }

  static AgentRunResult agentRun() {
    return new AgentRunResult(
        "demo",
        "prflow/task-42-1",
        BASE_SHA,
        HEAD_SHA,
        List.of("src/Health.java", "src/HealthTest.java"),
        "added /health",
        false);
  }

  static PullRequestRef pr() {
    return new PullRequestRef(
        "local",
        "local:/srv/acme/shop",
        "shop-1a2b3c",
        7,
        "local:/srv/acme/shop#7",
        "main",
        "prflow/task-42-1",
        BASE_SHA,
        HEAD_SHA);
  }

  /** A pull request on GitHub, whose tests are its CI checks. */
  static PullRequestRef gitHubPr() {
    return new PullRequestRef(
        "github",
        "github:acme/shop",
        "acme-shop-9f8e7d",
        7,
        "https://github.com/acme/shop/pull/7",
        "main",
        "feature",
        BASE_SHA,
        HEAD_SHA);
  }

  static PrValidationInput validationInput() {
    return new PrValidationInput(pr(), TASK_ID, 1);
  }

  static PrAnalysis analysis() {
    return new PrAnalysis(
        2, 40, 3, List.of("src/Health.java", "src/HealthTest.java"), Map.of("java", 2));
  }

  static TestRun testRun(String status) {
    Integer exitCode = TestRun.PASSED.equals(status) ? 0 : 1;
    return new TestRun(status, "mvn -B test", exitCode, 1_234L, "Tests run: 5", false, null);
  }

  /** The verdict a report compiler would give, echoing what it was asked to judge. */
  static ValidationResult verdictFor(ReportRequest request, String verdict) {
    return new ValidationResult(
        7L,
        verdict,
        "verdict " + verdict + ", tests " + request.tests().status(),
        request.input().pr(),
        request.analysis(),
        request.tests());
  }

  /**
   * With {@code -Dprflow.record.histories=DIR}, writes a finished run's history there for the
   * replay suite (as {@code temporal workflow show --output json} would); otherwise does nothing.
   */
  static void recordHistory(
      io.temporal.client.WorkflowClient client, String workflowId, String name)
      throws java.io.IOException {
    String dir = System.getProperty("prflow.record.histories");
    if (dir == null || dir.isBlank()) {
      return;
    }
    java.nio.file.Files.writeString(
        java.nio.file.Path.of(dir).resolve(name), client.fetchHistory(workflowId).toJson(true));
  }
}
