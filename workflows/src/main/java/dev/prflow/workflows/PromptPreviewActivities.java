package dev.prflow.workflows;

import dev.prflow.workflows.model.PromptPreview;
import dev.prflow.workflows.model.PromptRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The prompt a task would get, with the base branch it was read from: the repository is checked and
 * its branch resolved first, so a caller learns which field is wrong.
 */
@ActivityInterface
public interface PromptPreviewActivities {

  /** Failure type: the repository is not a git repository (or not one prflow may read). */
  String UNKNOWN_REPOSITORY = "UnknownRepository";

  /** Failure type: the base branch does not exist in the repository. */
  String UNKNOWN_BRANCH = "UnknownBranch";

  @ActivityMethod(name = "previewPrompt")
  PromptPreview previewPrompt(PromptRequest request);
}
