package dev.prflow.workflows;

import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.PromptRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Turns a task and its target codebase into a prompt for a coding agent. */
@ActivityInterface
public interface PromptActivities {

  @ActivityMethod(name = "generatePrompt")
  GeneratedPrompt generatePrompt(PromptRequest request);
}
