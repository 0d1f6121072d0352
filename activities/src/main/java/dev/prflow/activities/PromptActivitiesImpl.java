package dev.prflow.activities;

import dev.prflow.activities.github.GitHubException;
import dev.prflow.activities.prompt.Codebase;
import dev.prflow.activities.prompt.CodebaseSource;
import dev.prflow.activities.prompt.CodebaseSources;
import dev.prflow.activities.prompt.PromptGenerationException;
import dev.prflow.activities.prompt.PromptGenerator;
import dev.prflow.workflows.PromptActivities;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.PromptRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.Objects;

/**
 * Builds the prompt from the task and the base branch of its repository, read where it lives: a
 * {@code local:} clone with git, a {@code github:} repository through GitHub's API.
 */
public class PromptActivitiesImpl implements PromptActivities {

  private final PromptGenerator generator;
  private final CodebaseSource codebases;

  /** For local repositories only. */
  public PromptActivitiesImpl(PromptGenerator generator) {
    this(generator, CodebaseSources.localOnly());
  }

  public PromptActivitiesImpl(PromptGenerator generator, CodebaseSource codebases) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.codebases = Objects.requireNonNull(codebases, "codebases");
  }

  @Override
  public GeneratedPrompt generatePrompt(PromptRequest request) {
    try {
      if (request.task() == null) {
        throw new IllegalArgumentException("the prompt request has no task");
      }
      PromptGenerator.styleOf(request); // a bad style costs no read of the repository
      Codebase codebase = codebases.open(request.task().repository(), request.task().baseBranch());
      return generator.generate(request, codebase);
    } catch (IllegalArgumentException badInput) {
      throw ApplicationFailure.newNonRetryableFailure(badInput.getMessage(), "InvalidTask");
    } catch (PromptGenerationException unreadable) {
      throw ApplicationFailure.newNonRetryableFailure(
          unreadable.getMessage(), "RepositoryUnavailable");
    } catch (GitHubException github) {
      // Retryable for rate limits, 5xx and network errors: an outage never decides the outcome.
      throw github.toApplicationFailure();
    }
  }
}
