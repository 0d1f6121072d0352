package dev.prflow.workflows;

import dev.prflow.workflows.model.ChecksCompleted;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Checks one pull request head commit for real. Workflow id {@code
 * validate-<host>-<repo>-<pr>-<sha7>}.
 */
@WorkflowInterface
public interface PrValidationWorkflow {

  String TYPE = "PrValidation";

  @WorkflowMethod(name = TYPE)
  ValidationResult validate(PrValidationInput input);

  /** GitHub reports the commit's checks completed: look at them now instead of at the next poll. */
  @SignalMethod(name = "checksCompleted")
  void checksCompleted(ChecksCompleted event);
}
