package dev.prflow.activities.github;

import dev.prflow.activities.prompt.Codebase;
import dev.prflow.activities.prompt.CodebaseSource;
import dev.prflow.activities.prompt.PromptGenerationException;
import dev.prflow.activities.prompt.RepoFile;
import dev.prflow.activities.prompt.TreeCodebase;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads a {@code github:} repository's codebase from GitHub's API, at the commit its base branch
 * points to now: the branch is resolved on every call (it moves), the tree and the blobs are cached
 * in memory by commit and blob id (they never change), bounded in entries and bytes.
 *
 * <p>A repository or branch that does not exist is bad input ({@link PromptGenerationException}); a
 * token GitHub refuses is a clear non-retryable {@link GitHubException}; rate limits, 5xx and
 * network errors stay retryable, so an outage never decides a task's outcome.
 */
public final class GitHubCodebaseSource implements CodebaseSource {

  /** Tree entries kept in the cache, over all cached trees. */
  static final long MAX_CACHED_TREE_ENTRIES = 300_000;

  /** Blob bytes kept in the cache. */
  static final long MAX_CACHED_BLOB_BYTES = 16L << 20;

  private final GitHubGitData api;
  private final TreeCodebase.Budget budget;
  private final LruCache<String, GitHubGitData.GitTree> trees =
      new LruCache<>(MAX_CACHED_TREE_ENTRIES, tree -> tree.files().size() + 1L);
  private final LruCache<String, byte[]> blobs =
      new LruCache<>(MAX_CACHED_BLOB_BYTES, bytes -> bytes.length);

  public GitHubCodebaseSource(GitHubGitData api, TreeCodebase.Budget budget) {
    this.api = Objects.requireNonNull(api, "api");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  public GitHubCodebaseSource(GitHubClient client) {
    this(new GitHubGitData(client), TreeCodebase.Budget.defaults());
  }

  @Override
  public Codebase open(String repository, String ref) {
    GitHubRepository repo;
    try {
      repo = GitHubRepository.parse(repository);
    } catch (IllegalArgumentException e) {
      throw new PromptGenerationException(e.getMessage(), e);
    }
    String branch =
        ref == null || ref.isBlank()
            ? call(repo, null, () -> api.defaultBranch(repo.owner(), repo.name()))
            : ref.strip();
    GitHubGitData.BranchHead head =
        call(repo, branch, () -> api.branch(repo.owner(), repo.name(), branch));
    String key = key(repo, head.commitSha());
    GitHubGitData.GitTree tree = trees.get(key);
    if (tree == null) {
      tree = read(repo, () -> api.tree(repo.owner(), repo.name(), head.treeSha()));
      trees.put(key, tree);
    }
    return new TreeCodebase(
        branch,
        head.commitSha(),
        tree.files(),
        !tree.truncated(),
        file -> blob(repo, file),
        budget);
  }

  private byte[] blob(GitHubRepository repo, RepoFile file) {
    String key = key(repo, file.objectId());
    byte[] cached = blobs.get(key);
    if (cached != null) {
      return cached;
    }
    byte[] bytes =
        read(
            repo,
            () -> api.blob(repo.owner(), repo.name(), file.objectId(), budget.maxFileBytes()));
    blobs.put(key, bytes);
    return bytes;
  }

  private static String key(GitHubRepository repo, String sha) {
    return repo.fullName().toLowerCase(Locale.ROOT) + "@" + sha;
  }

  /** Runs one GitHub call, saying in the task's terms what a refusal means. */
  private <T> T call(GitHubRepository repo, String branch, Supplier<T> request) {
    try {
      return request.get();
    } catch (GitHubException e) {
      throw explain(e, repo, branch, true);
    }
  }

  /** A read of an object the branch led to: a 404 there is GitHub catching up, not bad input. */
  private <T> T read(GitHubRepository repo, Supplier<T> request) {
    try {
      return request.get();
    } catch (GitHubException e) {
      throw explain(e, repo, null, false);
    }
  }

  private RuntimeException explain(
      GitHubException e, GitHubRepository repo, String branch, boolean resolvingBranch) {
    if (e.retryable()) {
      return e;
    }
    return switch (e.status()) {
      case 404 ->
          resolvingBranch
              ? notFound(e, repo, branch)
              // The commit was just named by GitHub itself: a replica that lags behind.
              : new GitHubException(e.getMessage(), 404, true);
      case 401 ->
          new GitHubException(
              "GitHub rejected GITHUB_TOKEN while reading "
                  + repo.canonical()
                  + "; check the token ("
                  + e.getMessage()
                  + ")",
              401,
              false);
      case 403 ->
          new GitHubException(
              "GITHUB_TOKEN may not read "
                  + repo.canonical()
                  + "; it needs read access to its contents ("
                  + e.getMessage()
                  + ")",
              403,
              false);
      default -> e;
    };
  }

  /** GitHub answers 404 for a missing branch and for a repository the token cannot see. */
  private RuntimeException notFound(GitHubException e, GitHubRepository repo, String branch) {
    if (branch == null) {
      return new PromptGenerationException(
          "GitHub repository "
              + repo.canonical()
              + " does not exist, or GITHUB_TOKEN cannot see it ("
              + e.getMessage()
              + ")",
          e);
    }
    try {
      api.defaultBranch(repo.owner(), repo.name());
    } catch (GitHubException repoCheck) {
      if (repoCheck.status() == 404) {
        return notFound(repoCheck, repo, null);
      }
      if (repoCheck.retryable()) {
        return repoCheck;
      }
    }
    return new PromptGenerationException(
        "base branch " + branch + " does not exist in " + repo.canonical() + " on GitHub", e);
  }
}
