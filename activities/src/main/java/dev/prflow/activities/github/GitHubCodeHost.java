package dev.prflow.activities.github;

import dev.prflow.activities.localgit.CodeHost;
import dev.prflow.activities.localgit.FileStat;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Pull requests on GitHub. The agent opens the pull request itself; {@link #open} finds it (by
 * number from a {@link PrLocator}, else by the agent's head branch) rather than opening another.
 */
public final class GitHubCodeHost implements CodeHost {

  private final GitHubClient client;
  private final PrLocator locator;
  private final String mergeMethod;

  public GitHubCodeHost(GitHubClient client) {
    this(client, PrLocator.BY_BRANCH, "merge");
  }

  /** {@code mergeMethod} is merge, squash or rebase. */
  public GitHubCodeHost(GitHubClient client, PrLocator locator, String mergeMethod) {
    this.client = Objects.requireNonNull(client, "client");
    this.locator = locator == null ? PrLocator.BY_BRANCH : locator;
    this.mergeMethod = mergeMethod == null ? "merge" : mergeMethod;
  }

  /**
   * Finds the open pull request whose head is the agent's branch in the task's repository. None yet
   * is a retryable error: the agent may still be opening it.
   */
  @Override
  public PullRequestRef open(PullRequestRequest request) {
    GitHubRepository repo = GitHubRepository.parse(request.task().repository());
    AgentRunResult run = request.run();
    OptionalInt number = locator.locate(request);
    PullRequest pr;
    if (number.isPresent()) {
      pr = client.getPullRequest(repo.owner(), repo.name(), number.getAsInt());
    } else {
      if (run == null || run.branch() == null || run.branch().isBlank()) {
        throw new GitHubException(
            "the agent run names no branch to find a pull request by", 0, false);
      }
      List<PullRequest> open =
          client.findOpenPullRequests(repo.owner(), repo.name(), repo.owner(), run.branch());
      if (open.isEmpty()) {
        throw new GitHubException(
            "no open pull request in " + repo.fullName() + " with head branch " + run.branch(),
            404,
            true);
      }
      pr = open.get(0);
    }
    return toRef(repo, pr);
  }

  /** The pull request as GitHub has it now. */
  public PullRequest read(PullRequestRef pr) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    return client.getPullRequest(repo.owner(), repo.name(), pr.number());
  }

  /** The diff between the merge base and the head, as GitHub's compare view shows it. */
  @Override
  public String diff(PullRequestRef pr) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    String base = pr.baseSha() != null ? pr.baseSha() : pr.baseBranch();
    return client.compareDiff(repo.owner(), repo.name(), base, pr.headSha());
  }

  /**
   * Per-file counts from the pull request's file list. A file is taken as binary when GitHub sends
   * no patch and counts no changed lines (GitHub also omits the patch of very large text diffs, but
   * then it still counts their lines).
   */
  @Override
  public List<FileStat> fileStats(PullRequestRef pr) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    List<FileStat> stats = new ArrayList<>();
    for (PullRequestFile f : client.listFiles(repo.owner(), repo.name(), pr.number())) {
      boolean binary = f.patch() == null && f.changes() == 0 && !"renamed".equals(f.status());
      stats.add(
          new FileStat(
              f.filename(), binary ? 0 : f.additions(), binary ? 0 : f.deletions(), binary));
    }
    return stats;
  }

  @Override
  public void close(PullRequestRef pr, String state, String comment) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    client.closePullRequest(repo.owner(), repo.name(), pr.number(), comment);
  }

  /**
   * Merges if the head is still the validated {@code headSha}. Already merged: returns the merge
   * commit GitHub recorded.
   */
  @Override
  public String merge(PullRequestRef pr) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    PullRequest current = client.getPullRequest(repo.owner(), repo.name(), pr.number());
    if (current.merged()) {
      return current.mergeCommitSha();
    }
    try {
      return client.merge(repo.owner(), repo.name(), pr.number(), pr.headSha(), mergeMethod);
    } catch (GitHubException refused) {
      // A merge whose answer was lost and was sent again is refused as "not mergeable": look.
      PullRequest after = client.getPullRequest(repo.owner(), repo.name(), pr.number());
      if (after.merged()) {
        return after.mergeCommitSha();
      }
      throw refused;
    }
  }

  /**
   * Publishes a validation: the report as prflow's single comment (updated on re-validation) and a
   * {@code prflow/validation} commit status on the head: pass is success, needs_changes and fail
   * are failure.
   */
  public void publishReport(PullRequestRef pr, String markdown, String verdict, String targetUrl) {
    publish(pr, markdown, verdict, "prflow: " + verdict, targetUrl);
  }

  /** As {@link #publishReport(PullRequestRef, String, String, String)}, naming the score. */
  public void publishReport(
      PullRequestRef pr, String markdown, String verdict, int score, String targetUrl) {
    publish(pr, markdown, verdict, "prflow: " + verdict + " (" + score + "/100)", targetUrl);
  }

  private void publish(
      PullRequestRef pr, String markdown, String verdict, String description, String targetUrl) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    client.upsertReportComment(repo.owner(), repo.name(), pr.number(), markdown);
    client.setCommitStatus(
        repo.owner(), repo.name(), pr.headSha(), statusState(verdict), description, targetUrl);
  }

  static String statusState(String verdict) {
    if (ValidationResult.PASS.equals(verdict)) {
      return "success";
    }
    if (ValidationResult.NEEDS_CHANGES.equals(verdict) || ValidationResult.FAIL.equals(verdict)) {
      return "failure";
    }
    return "error";
  }

  /** How prflow refers to a GitHub pull request as GitHub has it now. */
  public static PullRequestRef toRef(GitHubRepository repo, PullRequest pr) {
    return new PullRequestRef(
        GitHubRepository.HOST,
        repo.canonical(),
        repo.key(),
        pr.number(),
        pr.htmlUrl(),
        pr.baseRef(),
        pr.headRef(),
        pr.baseSha(),
        pr.headSha());
  }
}
