package dev.prflow.activities.prompt;

/** Opens the codebase a task's prompt describes: a repository at a ref. */
public interface CodebaseSource {

  /**
   * The repository (a task's {@code repository} field) at {@code ref}, a branch, tag or commit; a
   * blank ref means the repository's default.
   *
   * @throws IllegalArgumentException when the repository field is malformed
   * @throws PromptGenerationException when the repository or the ref does not exist: bad input
   */
  Codebase open(String repository, String ref);
}
