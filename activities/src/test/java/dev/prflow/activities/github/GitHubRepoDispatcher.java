package dev.prflow.activities.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.localgit.Git;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Serves a real local git repository the way GitHub's REST API does, in its documented wire format:
 * {@code GET /repos/{owner}/{repo}} (the repository), {@code .../branches/{branch}}, {@code
 * .../git/trees/{sha}?recursive=1} (with {@code sha}, {@code truncated} and {@code
 * tree[].path/mode/type/sha/size}) and {@code .../git/blobs/{sha}} (base64 {@code content} with
 * line breaks, {@code encoding}, {@code size}). Counts the calls of each kind.
 */
final class GitHubRepoDispatcher extends Dispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Git git;
  private final String prefix;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  /** Consulted first; a non-null answer replaces the normal one. */
  volatile Function<RecordedRequest, MockResponse> override = r -> null;

  /** List only the first {@code truncateAt} entries of a tree, and say it is truncated. */
  volatile int truncateAt = Integer.MAX_VALUE;

  GitHubRepoDispatcher(Git git, String fullName) {
    this.git = git;
    this.prefix = "/repos/" + fullName;
  }

  /** Calls of one kind so far: repo, branch, tree, blob. */
  int calls(String kind) {
    return calls.computeIfAbsent(kind, k -> new AtomicInteger()).get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    MockResponse forced = override.apply(request);
    if (forced != null) {
      return forced;
    }
    String target = request.getTarget();
    if (!"GET".equals(request.getMethod()) || !target.startsWith(prefix)) {
      return notFound();
    }
    String rest = target.substring(prefix.length());
    if (rest.isEmpty()) {
      count("repo");
      return ok(JSON.createObjectNode().put("full_name", prefix).put("default_branch", "main"));
    }
    if (rest.startsWith("/branches/")) {
      count("branch");
      return branch(rest.substring("/branches/".length()));
    }
    if (rest.startsWith("/git/trees/") && rest.endsWith("?recursive=1")) {
      count("tree");
      return tree(rest.substring("/git/trees/".length(), rest.length() - "?recursive=1".length()));
    }
    if (rest.startsWith("/git/blobs/")) {
      count("blob");
      return blob(rest.substring("/git/blobs/".length()));
    }
    return notFound();
  }

  private void count(String kind) {
    calls.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  private MockResponse branch(String name) {
    Optional<String> commit = git.resolve("refs/heads/" + name);
    if (commit.isEmpty()) {
      return GitHubTestApi.json(
          404,
          "{\"message\":\"Branch not found\",\"documentation_url\":"
              + "\"https://docs.github.com/rest/branches/branches#get-a-branch\",\"status\":\"404\"}");
    }
    String tree = git.run("rev-parse", commit.get() + "^{tree}").strip();
    ObjectNode json = JSON.createObjectNode().put("name", name);
    ObjectNode c = json.putObject("commit").put("sha", commit.get());
    ObjectNode inner = c.putObject("commit").put("message", "a commit");
    inner.putObject("tree").put("sha", tree).put("url", "https://api.github.com" + prefix);
    json.put("protected", false);
    return ok(json);
  }

  private MockResponse tree(String sha) {
    String type = git.exec("cat-file", "-t", sha).output().strip();
    if (!"tree".equals(type) && !"commit".equals(type)) {
      return notFound();
    }
    ObjectNode json = JSON.createObjectNode().put("sha", sha);
    ArrayNode entries = json.putArray("tree");
    String listing = git.run("ls-tree", "-r", "-t", "-l", "-z", "--full-tree", sha);
    int listed = 0;
    boolean truncated = false;
    for (String record : listing.split("\0")) {
      int tab = record.indexOf('\t');
      if (tab < 0) {
        continue;
      }
      if (listed >= truncateAt) {
        truncated = true;
        break;
      }
      String[] meta = record.substring(0, tab).strip().split(" +");
      ObjectNode entry =
          entries
              .addObject()
              .put("path", record.substring(tab + 1))
              .put("mode", meta[0])
              .put("type", meta[1])
              .put("sha", meta[2]);
      if ("blob".equals(meta[1])) {
        entry.put("size", Long.parseLong(meta[3]));
      }
      entry.put("url", "https://api.github.com" + prefix + "/git/" + meta[1] + "s/" + meta[2]);
      listed++;
    }
    json.put("truncated", truncated);
    return ok(json);
  }

  private MockResponse blob(String sha) {
    if (!"blob".equals(git.exec("cat-file", "-t", sha).output().strip())) {
      return notFound();
    }
    byte[] bytes = git.run("cat-file", "blob", sha).getBytes(StandardCharsets.UTF_8);
    String base64 =
        Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
    return ok(
        JSON.createObjectNode()
            .put("sha", sha)
            .put("node_id", "B_kwDOA")
            .put("size", bytes.length)
            .put("url", "https://api.github.com" + prefix + "/git/blobs/" + sha)
            .put("content", base64 + "\n")
            .put("encoding", "base64"));
  }

  private static MockResponse ok(ObjectNode json) {
    return GitHubTestApi.json(200, json.toString());
  }

  static MockResponse notFound() {
    return GitHubTestApi.json(
        404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}");
  }
}
