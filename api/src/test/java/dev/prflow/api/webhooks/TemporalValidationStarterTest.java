package dev.prflow.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.workflows.PrValidationWorkflow;
import dev.prflow.workflows.model.PullRequestRef;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against Temporal's in-memory server with no worker: workflows are started, not run. */
class TemporalValidationStarterTest {

  private TestWorkflowEnvironment temporal;

  @BeforeEach
  void start() {
    temporal = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    temporal.close();
  }

  @Test
  void startsPrValidationOncePerHeadCommit() {
    TemporalValidationStarter starter =
        new TemporalValidationStarter(temporal.getWorkflowClient(), "webhook-test");
    PullRequestRef pr =
        new PullRequestRef(
            "github",
            "github:octo-org/hello-world",
            "octo-org-hello-world",
            42,
            "https://github.com/octo-org/hello-world/pull/42",
            "main",
            "feature/modulo",
            "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            "9f3c2a7d41b0e6c58a1d2f4e3b6a7c8d9e0f1a2b");

    assertThat(starter.start(pr)).isTrue();
    assertThat(starter.start(pr)).isFalse();

    var described =
        temporal
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(
                        WorkflowExecution.newBuilder()
                            .setWorkflowId("validate-github-octo-org-hello-world-42-9f3c2a7"))
                    .build());
    assertThat(described.getWorkflowExecutionInfo().getType().getName())
        .isEqualTo(PrValidationWorkflow.TYPE);
  }
}
