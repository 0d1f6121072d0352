package dev.prflow.activities.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.activities.prompt.PromptGenerationException;
import dev.prflow.activities.prompt.RepoFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Reads a repository's committed code through GitHub's REST API without cloning it: a branch's head
 * commit, the commit's whole tree ({@code GET /repos/{owner}/{repo}/git/trees/{sha} ?recursive=1})
 * and single blobs ({@code GET /repos/{owner}/{repo}/git/blobs/{sha}}). Calls go through {@link
 * GitHubClient}, so authentication, retries and rate limits are handled as for every other GitHub
 * call.
 */
public final class GitHubGitData {

  /** A branch's head: the commit and the tree it points to. */
  public record BranchHead(String commitSha, String treeSha) {}

  /**
   * A commit's tree, blobs only (submodules and directories left out).
   *
   * @param truncated GitHub listed only part of it (over 100,000 entries or 7 MB)
   */
  public record GitTree(String sha, boolean truncated, List<RepoFile> files) {

    public GitTree {
      files = List.copyOf(files);
    }
  }

  private final GitHubClient client;

  public GitHubGitData(GitHubClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** The repository's default branch. */
  public String defaultBranch(String owner, String repo) {
    return client.defaultBranch(owner, repo);
  }

  /**
   * The branch's head commit ({@code GET /repos/{owner}/{repo}/branches/{branch}}). A missing
   * branch or repository is a non-retryable {@link GitHubException} with status 404.
   */
  public BranchHead branch(String owner, String repo, String branch) {
    if (branch == null || branch.isBlank() || branch.contains("..") || branch.startsWith("/")) {
      throw new IllegalArgumentException("invalid branch: " + branch);
    }
    HttpUrl url =
        client.repoUrl(owner, repo).addPathSegment("branches").addPathSegments(branch).build();
    JsonNode commit = client.getJson(url).path("commit");
    String sha = commit.path("sha").asText("");
    if (!isSha(sha)) {
      throw new GitHubException(
          "GitHub returned branch " + branch + " of " + owner + "/" + repo + " without a commit",
          0,
          false);
    }
    String tree = commit.path("commit").path("tree").path("sha").asText("");
    return new BranchHead(sha, isSha(tree) ? tree : sha);
  }

  /** The whole tree of a commit or tree sha, recursively, in one call. */
  public GitTree tree(String owner, String repo, String treeSha) {
    requireSha(treeSha);
    HttpUrl url =
        client
            .repoUrl(owner, repo)
            .addPathSegment("git")
            .addPathSegment("trees")
            .addPathSegment(treeSha)
            .addQueryParameter("recursive", "1")
            .build();
    JsonNode json = client.getJson(url);
    JsonNode entries = json.path("tree");
    if (!entries.isArray()) {
      throw new GitHubException(
          "GitHub returned tree " + treeSha + " of " + owner + "/" + repo + " without entries",
          0,
          false);
    }
    List<RepoFile> files = new ArrayList<>();
    for (JsonNode entry : entries) {
      String path = entry.path("path").asText("");
      if (!"blob".equals(entry.path("type").asText()) || path.isEmpty()) {
        continue; // directories ("tree") and submodules ("commit")
      }
      files.add(
          new RepoFile(
              path,
              entry.path("sha").asText(""),
              entry.path("size").asLong(0),
              entry.path("mode").asText("100644")));
    }
    return new GitTree(
        json.path("sha").asText(treeSha), json.path("truncated").asBoolean(false), files);
  }

  /**
   * A blob's bytes. GitHub sends them base64-encoded (with line breaks) in {@code content}; a blob
   * larger than {@code maxBytes} is refused before it is decoded.
   *
   * @throws PromptGenerationException when the blob is larger than {@code maxBytes}
   */
  public byte[] blob(String owner, String repo, String blobSha, long maxBytes) {
    requireSha(blobSha);
    HttpUrl url =
        client
            .repoUrl(owner, repo)
            .addPathSegment("git")
            .addPathSegment("blobs")
            .addPathSegment(blobSha)
            .build();
    JsonNode json = client.getJson(url);
    long size = json.path("size").asLong(-1);
    if (size > maxBytes) {
      throw new PromptGenerationException(
          "blob " + blobSha + " of " + owner + "/" + repo + " is " + size + " bytes, over the cap");
    }
    String content = json.path("content").asText("");
    String encoding = json.path("encoding").asText("base64");
    byte[] bytes;
    if ("base64".equals(encoding)) {
      try {
        bytes = Base64.getMimeDecoder().decode(content);
      } catch (IllegalArgumentException e) {
        throw new GitHubException(
            "GitHub returned blob " + blobSha + " with malformed base64 content", 0, false);
      }
    } else if ("utf-8".equals(encoding)) {
      bytes = content.getBytes(StandardCharsets.UTF_8);
    } else {
      throw new GitHubException(
          "GitHub returned blob " + blobSha + " in an unknown encoding: " + encoding, 0, false);
    }
    if (bytes.length > maxBytes) {
      throw new PromptGenerationException(
          "blob " + blobSha + " of " + owner + "/" + repo + " is over the cap");
    }
    return bytes;
  }

  private static boolean isSha(String sha) {
    return sha != null && sha.matches("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");
  }

  private static void requireSha(String sha) {
    if (!isSha(sha)) {
      throw new IllegalArgumentException("not a git object id: " + sha);
    }
  }
}
