package dev.prflow.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The bare baseline's PrValidation: one activity, three in parallel, two more. */
@WorkflowInterface
public interface BareValidationWorkflow {
  @WorkflowMethod(name = "BarePrValidation")
  String validate(int id);
}
