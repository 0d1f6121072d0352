package dev.prflow.activities;

import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.workflows.PromptActivities;
import dev.prflow.workflows.PromptPreviewActivities;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.PromptPreview;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.failure.ApplicationFailure;

/**
 * Serves {@code POST /api/v1/codegen/generate-prompt} on the worker: checks the repository and its
 * branch as a submitted task's are checked, then builds the prompt with the same {@link
 * PromptActivities} the pipeline uses, so the preview is the prompt a task would get.
 */
public class PromptPreviewActivitiesImpl implements PromptPreviewActivities {

  private final PromptActivities prompts;
  private final RepositoryRoots roots;

  public PromptPreviewActivitiesImpl(PromptActivities prompts, RepositoryRoots roots) {
    this.prompts = prompts;
    this.roots = roots;
  }

  @Override
  public PromptPreview previewPrompt(PromptRequest request) {
    TaskSpec task = request.task();
    RepositoryLocation location;
    try {
      location = RepositoryLocation.parse(task.repository());
    } catch (IllegalArgumentException e) {
      throw failure(e.getMessage(), UNKNOWN_REPOSITORY);
    }
    String baseBranch = task.baseBranch();
    if (!location.isGitHub()) {
      // Before any git command runs on the path.
      roots
          .problem(location.path())
          .ifPresent(
              problem -> {
                throw failure(problem, UNKNOWN_REPOSITORY);
              });
      Git git = location.git();
      if (!git.isRepository()) {
        throw failure("no git repository at " + location.path(), UNKNOWN_REPOSITORY);
      }
      if (baseBranch == null) {
        baseBranch =
            git.defaultBranch()
                .orElseThrow(
                    () ->
                        failure(
                            "the repository's HEAD names no branch; name a base_branch",
                            UNKNOWN_BRANCH));
      }
      if (!git.branchExists(baseBranch)) {
        throw failure("branch " + baseBranch + " does not exist in the repository", UNKNOWN_BRANCH);
      }
    } else if (baseBranch == null) {
      baseBranch = "main";
    }
    TaskSpec resolved =
        new TaskSpec(
            task.id(),
            task.title(),
            task.description(),
            task.requirements(),
            task.acceptanceCriteria(),
            task.priority(),
            task.estimatedComplexity(),
            location.canonical(),
            baseBranch,
            task.promptStyle(),
            task.controls());
    GeneratedPrompt prompt =
        prompts.generatePrompt(
            new PromptRequest(
                resolved, request.style(), request.attempt(), request.strategy(), null));
    return new PromptPreview(
        prompt.style(), prompt.text(), baseBranch, prompt.contextFiles(), prompt.manifests());
  }

  private static ApplicationFailure failure(String message, String type) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }
}
