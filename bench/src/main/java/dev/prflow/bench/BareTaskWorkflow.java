package dev.prflow.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A bare-SDK workflow of TaskToPr's happy-path shape: ten activities around one child workflow. */
@WorkflowInterface
public interface BareTaskWorkflow {
  @WorkflowMethod(name = "BareTaskToPr")
  String run(int id);
}
