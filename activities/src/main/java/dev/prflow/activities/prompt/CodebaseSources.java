package dev.prflow.activities.prompt;

import dev.prflow.activities.localgit.RepositoryLocation;
import io.temporal.failure.ApplicationFailure;

/**
 * Routes each repository to the source that can read it, by its scheme: {@code local:} to git on
 * this machine, {@code github:} to GitHub when a token is configured.
 */
public final class CodebaseSources implements CodebaseSource {

  /** The failure type of a {@code github:} task on a worker without {@code GITHUB_TOKEN}. */
  public static final String WORKER_MISCONFIGURED = "WorkerMisconfigured";

  private final CodebaseSource local;
  private final CodebaseSource github;

  /**
   * @param github null when GitHub is not configured
   */
  public CodebaseSources(CodebaseSource local, CodebaseSource github) {
    this.local = local;
    this.github = github;
  }

  /** Local repositories only. */
  public static CodebaseSources localOnly() {
    return new CodebaseSources(new LocalCodebaseSource(), null);
  }

  @Override
  public Codebase open(String repository, String ref) {
    RepositoryLocation location = RepositoryLocation.parse(repository); // bad input: IAE
    if (location.isGitHub()) {
      if (github == null) {
        // Not an outage that waiting would end: the task fails with this reason at once, and is
        // retried (POST /api/v1/codegen/retry/{id}) once the worker has a token.
        throw ApplicationFailure.newNonRetryableFailure(
            "task on " + repository + " but GITHUB_TOKEN is not set on this worker",
            WORKER_MISCONFIGURED);
      }
      return github.open(location.canonical(), ref);
    }
    return local.open(repository, ref);
  }
}
