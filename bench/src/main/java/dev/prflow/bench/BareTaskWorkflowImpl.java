package dev.prflow.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The activities of a TaskToPr happy path in the same order (recordStatus, validateTask,
 * recordStatus, generatePrompt, recordStatus, runAgent, openPullRequest, recordStatus, the
 * validation child, recordOutcome, notify), each a no-op.
 */
public final class BareTaskWorkflowImpl implements BareTaskWorkflow {
  static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build();

  private final BareActivities activities = Workflow.newActivityStub(BareActivities.class, OPTIONS);

  @Override
  public String run(int id) {
    for (String step :
        new String[] {
          "recordStatus",
          "validateTask",
          "recordStatus",
          "generatePrompt",
          "recordStatus",
          "runAgent",
          "openPullRequest",
          "recordStatus"
        }) {
      activities.step(step);
    }
    BareValidationWorkflow child =
        Workflow.newChildWorkflowStub(
            BareValidationWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-validate")
                .build());
    String verdict = child.validate(id);
    activities.step("recordOutcome");
    activities.step("notify");
    return verdict;
  }
}
