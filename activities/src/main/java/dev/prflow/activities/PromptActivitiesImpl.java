package dev.prflow.activities;

import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.prompt.PromptGenerationException;
import dev.prflow.activities.prompt.PromptGenerator;
import dev.prflow.workflows.PromptActivities;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.PromptRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** Builds the prompt from the task and the base branch of its repository. */
public class PromptActivitiesImpl implements PromptActivities {

  private final PromptGenerator generator;

  public PromptActivitiesImpl(PromptGenerator generator) {
    this.generator = generator;
  }

  @Override
  public GeneratedPrompt generatePrompt(PromptRequest request) {
    RepositoryLocation location = RepositoryLocation.parse(request.task().repository());
    try {
      if (location.isGitHub()) {
        // The remote agent reads the repository itself; prflow has no local copy to quote.
        GeneratedPrompt prompt = generator.generate(request, EmptyCodebase.path(), "HEAD");
        return new GeneratedPrompt(
            prompt.style(),
            "Repository: "
                + location.canonical()
                + " (base branch "
                + request.task().baseBranch()
                + "); read its code there.\n\n"
                + prompt.text(),
            List.of());
      }
      return generator.generate(request, location.path(), request.task().baseBranch());
    } catch (IllegalArgumentException badStyle) {
      throw ApplicationFailure.newNonRetryableFailure(badStyle.getMessage(), "InvalidTask");
    } catch (PromptGenerationException unreadable) {
      throw ApplicationFailure.newNonRetryableFailure(
          unreadable.getMessage(), "RepositoryUnavailable");
    }
  }
}
