package dev.prflow.activities.github;

/**
 * The fields of a GitHub pull request prflow needs. {@code mergeable} is null while GitHub is still
 * computing it; {@code mergeCommitSha} is set once merged (and, before that, may name a test merge
 * commit).
 */
public record PullRequest(
    int number,
    String state,
    boolean merged,
    Boolean mergeable,
    String htmlUrl,
    String title,
    String headRef,
    String headSha,
    String headRepository,
    String baseRef,
    String baseSha,
    String mergeCommitSha) {

  public boolean open() {
    return "open".equals(state);
  }
}
