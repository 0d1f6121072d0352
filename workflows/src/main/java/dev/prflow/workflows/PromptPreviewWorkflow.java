package dev.prflow.workflows;

import dev.prflow.workflows.model.PromptPreview;
import dev.prflow.workflows.model.PromptRequest;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The prompt prflow would send for a task, generated on a worker (it reads the repository with git,
 * which the API never runs) and stored nowhere. Started and awaited by {@code POST
 * /api/v1/codegen/generate-prompt} under a deadline.
 */
@WorkflowInterface
public interface PromptPreviewWorkflow {

  String TYPE = "PromptPreview";

  @WorkflowMethod(name = TYPE)
  PromptPreview preview(PromptRequest request);
}
