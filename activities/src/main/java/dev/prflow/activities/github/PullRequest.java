package dev.prflow.activities.github;

/**
 * The fields of a GitHub pull request prflow needs. {@code mergeable} is null while GitHub is still
 * computing it; {@code mergeCommitSha} is set once merged (and, before that, may name a test merge
 * commit). {@code authorAssociation} is GitHub's word for the author's standing in the repository
 * (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, NONE, …).
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
    String mergeCommitSha,
    String baseRepository,
    String authorAssociation) {

  public boolean open() {
    return "open".equals(state);
  }

  /** The head lives in another repository (a fork, or one since deleted). */
  public boolean fromFork() {
    return headRepository == null
        || baseRepository == null
        || !headRepository.equalsIgnoreCase(baseRepository);
  }

  /** The author owns the repository, belongs to its organisation or collaborates on it. */
  public boolean trustedAuthor() {
    return "OWNER".equals(authorAssociation)
        || "MEMBER".equals(authorAssociation)
        || "COLLABORATOR".equals(authorAssociation);
  }
}
