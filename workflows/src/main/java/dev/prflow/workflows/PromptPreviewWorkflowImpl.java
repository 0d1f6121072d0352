package dev.prflow.workflows;

import dev.prflow.workflows.model.PromptPreview;
import dev.prflow.workflows.model.PromptRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** One {@code previewPrompt} activity; its failure (unknown repository or branch) is the run's. */
public class PromptPreviewWorkflowImpl implements PromptPreviewWorkflow {

  static final ActivityOptions PREVIEW_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(3)
                  .setDoNotRetry(
                      PromptPreviewActivities.UNKNOWN_REPOSITORY,
                      PromptPreviewActivities.UNKNOWN_BRANCH,
                      "InvalidTask",
                      "RepositoryUnavailable")
                  .build())
          .build();

  @Override
  public PromptPreview preview(PromptRequest request) {
    return Workflow.newActivityStub(PromptPreviewActivities.class, PREVIEW_OPTIONS)
        .previewPrompt(request);
  }
}
