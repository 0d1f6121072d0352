package dev.prflow.workflows;

import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.ValidationResult;
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
}
