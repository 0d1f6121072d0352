package dev.prflow.activities.localgit;

import dev.prflow.activities.store.PullRequestRow;
import dev.prflow.activities.store.PullRequestStore;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.TaskSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Pull requests on a local repository: the branch is the pull request's head, a row in PostgreSQL
 * numbers it per repository, and {@code git diff base...head} is its diff.
 */
public final class LocalCodeHost implements CodeHost {

  private final PullRequestStore store;

  public LocalCodeHost(PullRequestStore store) {
    this.store = store;
  }

  @Override
  public PullRequestRef open(PullRequestRequest request) {
    TaskSpec task = request.task();
    AgentRunResult run = request.run();
    RepositoryLocation location = RepositoryLocation.parse(task.repository());
    Git git = location.git();
    String head =
        git.resolve("refs/heads/" + run.branch())
            .orElseThrow(() -> new GitException("branch " + run.branch() + " does not exist"));
    String body = body(task, run);
    PullRequestRow row =
        store.open(
            location.canonical(),
            task.id(),
            request.attempt(),
            task.title(),
            body,
            task.baseBranch(),
            run.branch(),
            run.baseSha(),
            head);
    return toRef(location, row);
  }

  @Override
  public String diff(PullRequestRef pr) {
    Git git = RepositoryLocation.parse(pr.repository()).git();
    return git.run("diff", "--no-color", pr.baseSha() + "..." + pr.headSha());
  }

  @Override
  public List<FileStat> fileStats(PullRequestRef pr) {
    Git git = RepositoryLocation.parse(pr.repository()).git();
    List<FileStat> stats = new ArrayList<>();
    for (String line : git.lines("diff", "--numstat", pr.baseSha() + "..." + pr.headSha())) {
      String[] parts = line.split("\t", 3);
      if (parts.length < 3) {
        continue;
      }
      boolean binary = "-".equals(parts[0]);
      stats.add(
          new FileStat(
              parts[2],
              binary ? 0 : Integer.parseInt(parts[0]),
              binary ? 0 : Integer.parseInt(parts[1]),
              binary));
    }
    return stats;
  }

  @Override
  public void close(PullRequestRef pr, String state, String comment) {
    store.close(pr.repository(), pr.number(), state, comment);
    // The branch stays (its commits are the record), marked so that `git branch -vv` readers and
    // `git config branch.<name>.description` say what became of it.
    Git git = RepositoryLocation.parse(pr.repository()).git();
    if (pr.headBranch() != null && git.branchExists(pr.headBranch())) {
      git.exec(
          "config",
          "branch." + pr.headBranch() + ".description",
          state + (comment == null || comment.isBlank() ? "" : ": " + comment));
    }
  }

  /**
   * Merges without touching any working tree: {@code git merge-tree --write-tree} builds the merged
   * tree, {@code commit-tree} the merge commit, and {@code update-ref} moves the base branch only
   * if it has not moved meanwhile. Already merged: returns the base branch's head.
   */
  @Override
  public String merge(PullRequestRef pr) {
    Git git = RepositoryLocation.parse(pr.repository()).git();
    String baseRef = "refs/heads/" + pr.baseBranch();
    String base = git.resolve(baseRef).orElseThrow(() -> new GitException("no " + baseRef));
    if (git.exec("merge-base", "--is-ancestor", pr.headSha(), base).succeeded()) {
      store.close(pr.repository(), pr.number(), "merged", "merged into " + pr.baseBranch());
      return base;
    }
    var tree = git.exec("merge-tree", "--write-tree", base, pr.headSha());
    if (tree.exitCode() == 1) {
      throw new MergeConflictException(
          "pull request " + pr.url() + " does not merge cleanly into " + pr.baseBranch());
    }
    if (!tree.succeeded()) {
      // Not a conflict (git merge-tree exits 1 for those): a git too old for --write-tree, a
      // missing object. Worth a retry, and worth saying what git said.
      throw new GitException("git merge-tree failed: " + tree.errorOutput().strip());
    }
    String treeId = tree.output().lines().findFirst().orElseThrow().strip();
    String commit =
        git.run(
                "commit-tree",
                treeId,
                "-p",
                base,
                "-p",
                pr.headSha(),
                "-m",
                "Merge pull request #" + pr.number() + " from " + pr.headBranch())
            .strip();
    git.run("update-ref", baseRef, commit, base);
    store.close(pr.repository(), pr.number(), "merged", "merged into " + pr.baseBranch());
    return commit;
  }

  static PullRequestRef toRef(RepositoryLocation location, PullRequestRow row) {
    return new PullRequestRef(
        location.host(),
        location.canonical(),
        location.key(),
        row.number(),
        location.canonical() + "#" + row.number(),
        row.baseBranch(),
        row.headBranch(),
        row.baseSha(),
        row.headSha());
  }

  private static String body(TaskSpec task, AgentRunResult run) {
    StringBuilder b = new StringBuilder();
    b.append("Task ").append(task.id()).append(": ").append(task.title()).append("\n\n");
    if (!task.description().isBlank()) {
      b.append(task.description()).append("\n\n");
    }
    if (!task.acceptanceCriteria().isEmpty()) {
      b.append("Acceptance criteria:\n");
      task.acceptanceCriteria().forEach(c -> b.append("- ").append(c).append('\n'));
      b.append('\n');
    }
    b.append("Opened by prflow with the ").append(run.agent()).append(" agent.");
    if (run.summary() != null && !run.summary().isBlank()) {
      b.append("\n\n").append(run.summary());
    }
    return b.toString();
  }
}
