package dev.prflow.activities.prompt;

/**
 * How much of a repository a prompt may quote, so that a prompt fits an agent's context window
 * whatever the size of the repository.
 *
 * @param maxContextFiles files whose content is quoted, at most
 * @param maxFileBytes UTF-8 bytes quoted from one file before it is truncated
 * @param maxTotalContextBytes UTF-8 bytes quoted from all files together
 * @param maxTreeEntries paths listed in the file tree
 */
public record PromptLimits(
    int maxContextFiles, int maxFileBytes, int maxTotalContextBytes, int maxTreeEntries) {

  public PromptLimits {
    if (maxContextFiles < 0 || maxTotalContextBytes < 0 || maxTreeEntries < 0) {
      throw new IllegalArgumentException("prompt limits must not be negative: " + this);
    }
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
    }
  }

  public static PromptLimits defaults() {
    return new PromptLimits(8, 8_000, 48_000, 400);
  }
}
