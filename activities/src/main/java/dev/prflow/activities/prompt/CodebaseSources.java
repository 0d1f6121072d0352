package dev.prflow.activities.prompt;

import dev.prflow.activities.localgit.RepositoryLocation;

/**
 * Routes each repository to the source that can read it, by its scheme: {@code local:} to git on
 * this machine, {@code github:} to GitHub when a token is configured.
 */
public final class CodebaseSources implements CodebaseSource {

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
        // A worker's configuration, not the task's fault: another worker may have the token.
        throw new IllegalStateException(
            "task on " + repository + " but GITHUB_TOKEN is not set on this worker");
      }
      return github.open(location.canonical(), ref);
    }
    return local.open(repository, ref);
  }
}
