package dev.prflow.activities.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.http.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitHub REST API (v3, version 2022-11-28) calls prflow makes, on GitHub.com or GitHub
 * Enterprise Server ({@code https://host/api/v3}).
 *
 * <p>Waits out rate limits as GitHub asks: a primary limit ({@code x-ratelimit-remaining: 0}) until
 * {@code x-ratelimit-reset}, if that is near enough, and when a successful answer says the last
 * request of the window was spent, the next call waits for the reset instead of spending a 403; a
 * secondary limit for {@code retry-after} seconds, or a minute and more. Retries 5xx and network
 * errors with backoff, except for requests that are not safe to repeat (creating a comment).
 * Everything else fails with a {@link GitHubException} carrying GitHub's message.
 *
 * <p>The token goes in the {@code Authorization} header only: never in a URL, a log line or an
 * exception message. Pagination links pointing at another host are refused, so the token cannot
 * follow them.
 */
public final class GitHubClient {

  /** GitHub.com's API. */
  public static final HttpUrl DEFAULT_API_URL = HttpUrl.get("https://api.github.com/");

  /** Marks prflow's report comment, so a re-validation updates it instead of adding another. */
  public static final String REPORT_MARKER = "<!-- prflow-report -->";

  /** The commit status context prflow reports under. */
  public static final String STATUS_CONTEXT = "prflow/validation";

  static final String API_VERSION = "2022-11-28";
  static final String JSON_MEDIA = "application/vnd.github+json";
  static final String DIFF_MEDIA = "application/vnd.github.diff";
  static final String USER_AGENT = "prflow-github-client/0.1";

  /** GitHub lists at most 3000 files of a pull request. */
  static final int MAX_FILES = 3000;

  static final int MAX_PAGES = 50;
  static final int MAX_COMMENT_CHARS = 65_000;
  static final int MAX_DESCRIPTION_CHARS = 140;

  private static final Logger log = LoggerFactory.getLogger(GitHubClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");
  private static final Set<String> STATUS_STATES = Set.of("success", "failure", "pending", "error");
  private static final Set<String> MERGE_METHODS = Set.of("merge", "squash", "rebase");
  private static final Set<String> FAILING_CONCLUSIONS =
      Set.of("failure", "cancelled", "timed_out", "action_required", "startup_failure", "stale");

  private final OkHttpClient http;
  private final HttpUrl apiUrl;
  private final String token;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Limits limits;

  /** How long and how often the client waits before giving up with a retryable error. */
  public record Limits(
      Duration maxRateLimitWait, int maxRateLimitRetries, int maxServerRetries, Duration backoff) {

    public static final Limits DEFAULT =
        new Limits(Duration.ofMinutes(15), 3, 3, Duration.ofSeconds(1));

    /**
     * Inside activities that have a minute or two: wait out a short limit, and fail a longer one
     * retryably so Temporal retries the activity with its own backoff instead of timing it out.
     */
    public static final Limits IN_ACTIVITY =
        new Limits(Duration.ofSeconds(20), 2, 3, Duration.ofSeconds(1));
  }

  public GitHubClient(
      OkHttpClient http, HttpUrl apiUrl, String token, Sleeper sleeper, Clock clock) {
    this(http, apiUrl, token, sleeper, clock, Limits.DEFAULT);
  }

  public GitHubClient(
      OkHttpClient http,
      HttpUrl apiUrl,
      String token,
      Sleeper sleeper,
      Clock clock,
      Limits limits) {
    this.http = Objects.requireNonNull(http, "http");
    this.apiUrl = apiUrl == null ? DEFAULT_API_URL : apiUrl;
    if (!this.apiUrl.username().isEmpty() || !this.apiUrl.password().isEmpty()) {
      throw new IllegalArgumentException("GITHUB_API_URL must not contain credentials");
    }
    if (this.apiUrl.query() != null) {
      throw new IllegalArgumentException("GITHUB_API_URL must not contain a query");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("GITHUB_TOKEN is required");
    }
    if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      // Checked here so OkHttp never gets to quote the header value in its own exception.
      throw new IllegalArgumentException("GITHUB_TOKEN contains invalid characters");
    }
    this.token = token;
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * A client with sensible timeouts, real sleeps and the system clock. {@code apiUrl} is {@code
   * GITHUB_API_URL}; null or blank means GitHub.com.
   */
  public static GitHubClient create(String token, String apiUrl) {
    return new GitHubClient(
        http(10, 60, 120),
        parseApiUrl(apiUrl),
        token,
        Sleeper.REAL,
        Clock.systemUTC(),
        Limits.IN_ACTIVITY);
  }

  /**
   * A client for lookups made while an HTTP request waits: short timeouts, one retry, and a rate
   * limit is reported at once instead of waited out.
   */
  public static GitHubClient createInteractive(String token, String apiUrl) {
    return new GitHubClient(
        http(5, 10, 15),
        parseApiUrl(apiUrl),
        token,
        Sleeper.REAL,
        Clock.systemUTC(),
        new Limits(Duration.ZERO, 0, 1, Duration.ofMillis(250)));
  }

  private static OkHttpClient http(int connectSeconds, int readSeconds, int callSeconds) {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(connectSeconds))
        .readTimeout(Duration.ofSeconds(readSeconds))
        .callTimeout(Duration.ofSeconds(callSeconds))
        .build();
  }

  /** Parses {@code GITHUB_API_URL}; null or blank means GitHub.com. */
  public static HttpUrl parseApiUrl(String apiUrl) {
    if (apiUrl == null || apiUrl.isBlank()) {
      return DEFAULT_API_URL;
    }
    HttpUrl url = HttpUrl.parse(apiUrl.strip());
    if (url == null) {
      throw new IllegalArgumentException("GITHUB_API_URL is not an http(s) URL");
    }
    return url;
  }

  public HttpUrl apiUrl() {
    return apiUrl;
  }

  // ---------------------------------------------------------------- repositories

  /**
   * The repository's default branch. A repository that does not exist, or that the token cannot
   * see, is a non-retryable {@link GitHubException} with status 404.
   */
  public String defaultBranch(String owner, String repo) {
    JsonNode repository = json(execute(get(repoUrl(owner, repo).build()), true));
    String branch = text(repository, "default_branch", true);
    if (branch.isBlank()) {
      throw new GitHubException(
          "GitHub returned an empty default_branch for " + owner + "/" + repo, 0, false);
    }
    return branch;
  }

  /** Whether the branch exists: 200 yes, 404 no; anything else is a {@link GitHubException}. */
  public boolean branchExists(String owner, String repo, String branch) {
    if (branch == null || branch.isBlank()) {
      throw new IllegalArgumentException("branch is required");
    }
    HttpUrl url = repoUrl(owner, repo).addPathSegment("branches").addPathSegments(branch).build();
    try {
      execute(get(url), true);
      return true;
    } catch (GitHubException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- pull requests

  public PullRequest getPullRequest(String owner, String repo, int number) {
    HttpUrl url = repoUrl(owner, repo).addPathSegment("pulls").addPathSegment(num(number)).build();
    return toPullRequest(json(execute(get(url), true)));
  }

  /** Open pull requests whose head is {@code headOwner:branch}, newest first. */
  public List<PullRequest> findOpenPullRequests(
      String owner, String repo, String headOwner, String branch) {
    HttpUrl url =
        repoUrl(owner, repo)
            .addPathSegment("pulls")
            .addQueryParameter("head", headOwner + ":" + branch)
            .addQueryParameter("state", "open")
            .addQueryParameter("per_page", "100")
            .build();
    List<PullRequest> found = new ArrayList<>();
    paginate(url, page -> page.forEach(pr -> found.add(toPullRequest(pr))), null, 10);
    return found;
  }

  /** The changed files, following {@code Link: rel="next"} up to GitHub's 3000 files. */
  public List<PullRequestFile> listFiles(String owner, String repo, int number) {
    HttpUrl url =
        repoUrl(owner, repo)
            .addPathSegment("pulls")
            .addPathSegment(num(number))
            .addPathSegment("files")
            .addQueryParameter("per_page", "100")
            .build();
    List<PullRequestFile> files = new ArrayList<>();
    paginate(
        url,
        page -> {
          for (JsonNode f : array(page, "files")) {
            if (files.size() < MAX_FILES) {
              files.add(
                  new PullRequestFile(
                      text(f, "filename", true),
                      text(f, "status", false),
                      f.path("additions").asInt(),
                      f.path("deletions").asInt(),
                      f.path("changes").asInt(),
                      text(f, "patch", false),
                      text(f, "previous_filename", false)));
            }
          }
        },
        null,
        MAX_FILES / 100 + 1);
    return files;
  }

  /** The unified diff of {@code base...head} (from their merge base), as GitHub renders it. */
  public String compareDiff(String owner, String repo, String base, String head) {
    requireRef(base, "base");
    requireRef(head, "head");
    HttpUrl url =
        repoUrl(owner, repo).addPathSegment("compare").addPathSegments(base + "..." + head).build();
    return execute(request(url).header("Accept", DIFF_MEDIA).get(), true).body();
  }

  // ---------------------------------------------------------------- checks

  /**
   * Check runs and commit statuses on {@code sha}. prflow's own status ({@link #STATUS_CONTEXT}) is
   * left out, so an earlier verdict does not count against a re-validation.
   */
  public ChecksSummary checks(String owner, String repo, String sha) {
    requireRef(sha, "sha");
    List<CheckItem> items = new ArrayList<>();
    HttpUrl runs =
        repoUrl(owner, repo)
            .addPathSegment("commits")
            .addPathSegment(sha)
            .addPathSegment("check-runs")
            .addQueryParameter("per_page", "100")
            .build();
    paginate(
        runs,
        page -> {
          for (JsonNode run : array(page.path("check_runs"), "check_runs")) {
            items.add(checkRunItem(run));
          }
        },
        "check_runs",
        MAX_PAGES);
    HttpUrl status =
        repoUrl(owner, repo)
            .addPathSegment("commits")
            .addPathSegment(sha)
            .addPathSegment("status")
            .addQueryParameter("per_page", "100")
            .build();
    paginate(
        status,
        page -> {
          // With no statuses at all GitHub reports state "pending" and total_count 0: that is
          // "nothing to wait for", so only the listed contexts count.
          for (JsonNode s : array(page.path("statuses"), "statuses")) {
            String context = text(s, "context", false);
            if (STATUS_CONTEXT.equals(context)) {
              continue;
            }
            String state = text(s, "state", false);
            String outcome =
                switch (state == null ? "" : state) {
                  case "success" -> CheckItem.SUCCESS;
                  case "failure", "error" -> CheckItem.FAILURE;
                  default -> CheckItem.PENDING;
                };
            items.add(
                new CheckItem(
                    CheckItem.STATUS, context, outcome, state, text(s, "target_url", false)));
          }
        },
        "statuses",
        MAX_PAGES);
    return ChecksSummary.of(items);
  }

  private static CheckItem checkRunItem(JsonNode run) {
    String status = text(run, "status", false);
    String conclusion = text(run, "conclusion", false);
    String outcome;
    if (!"completed".equals(status)) {
      outcome = CheckItem.PENDING;
    } else if (conclusion == null) {
      outcome = CheckItem.PENDING;
    } else if (FAILING_CONCLUSIONS.contains(conclusion)) {
      outcome = CheckItem.FAILURE;
    } else if ("success".equals(conclusion)) {
      outcome = CheckItem.SUCCESS;
    } else {
      outcome = CheckItem.NEUTRAL; // neutral, skipped
    }
    String url = text(run, "html_url", false);
    return new CheckItem(
        CheckItem.CHECK_RUN,
        text(run, "name", false),
        outcome,
        conclusion != null ? conclusion : status,
        url != null ? url : text(run, "details_url", false));
  }

  // ---------------------------------------------------------------- comments and statuses

  /**
   * Writes prflow's report as one comment on the pull request: updates the comment carrying {@link
   * #REPORT_MARKER} if there is one, else creates it. Bodies over GitHub's 65,536 characters are
   * cut.
   */
  public void upsertReportComment(String owner, String repo, int number, String markdown) {
    String body = markdown == null ? "" : markdown;
    if (!body.contains(REPORT_MARKER)) {
      body = REPORT_MARKER + "\n" + body;
    }
    if (body.length() > MAX_COMMENT_CHARS) {
      body = body.substring(0, MAX_COMMENT_CHARS) + "\n\n_(report truncated)_";
    }
    Long existing = findReportComment(owner, repo, number);
    ObjectNode json = MAPPER.createObjectNode().put("body", body);
    if (existing != null) {
      HttpUrl url =
          repoUrl(owner, repo)
              .addPathSegment("issues")
              .addPathSegment("comments")
              .addPathSegment(Long.toString(existing))
              .build();
      execute(request(url).patch(jsonBody(json)), true);
    } else {
      // Not repeated on a 5xx: the comment may exist already. An activity retry lists the
      // comments again and finds it.
      execute(request(issueCommentsUrl(owner, repo, number).build()).post(jsonBody(json)), false);
    }
  }

  private Long findReportComment(String owner, String repo, int number) {
    HttpUrl url =
        issueCommentsUrl(owner, repo, number).addQueryParameter("per_page", "100").build();
    Long[] found = {null};
    paginate(
        url,
        page -> {
          for (JsonNode c : array(page, "comments")) {
            String body = text(c, "body", false);
            if (found[0] == null && body != null && body.contains(REPORT_MARKER)) {
              found[0] = c.path("id").asLong();
            }
          }
        },
        null,
        MAX_PAGES);
    return found[0];
  }

  /** Adds a comment to the pull request's conversation. */
  public void addComment(String owner, String repo, int number, String markdown) {
    ObjectNode json = MAPPER.createObjectNode().put("body", markdown);
    execute(request(issueCommentsUrl(owner, repo, number).build()).post(jsonBody(json)), false);
  }

  /**
   * Sets prflow's commit status ({@link #STATUS_CONTEXT}) on {@code sha}. {@code state} is one of
   * success, failure, pending, error; the description is cut to GitHub's 140 characters.
   */
  public void setCommitStatus(
      String owner, String repo, String sha, String state, String description, String targetUrl) {
    requireRef(sha, "sha");
    if (state == null || !STATUS_STATES.contains(state)) {
      throw new IllegalArgumentException("commit status state must be one of " + STATUS_STATES);
    }
    ObjectNode json = MAPPER.createObjectNode().put("state", state);
    if (targetUrl != null && !targetUrl.isBlank()) {
      json.put("target_url", targetUrl);
    }
    if (description != null) {
      json.put("description", truncate(description, MAX_DESCRIPTION_CHARS));
    }
    json.put("context", STATUS_CONTEXT);
    HttpUrl url = repoUrl(owner, repo).addPathSegment("statuses").addPathSegment(sha).build();
    // The latest status per context wins, so repeating it is harmless.
    execute(request(url).post(jsonBody(json)), true);
  }

  // ---------------------------------------------------------------- close and merge

  /**
   * Comments (when {@code comment} is not blank) and closes the pull request. A pull request that
   * is already closed is left alone, so a retry adds no second comment.
   */
  public void closePullRequest(String owner, String repo, int number, String comment) {
    PullRequest pr = getPullRequest(owner, repo, number);
    if (!pr.open()) {
      return;
    }
    if (comment != null && !comment.isBlank()) {
      addComment(owner, repo, number, comment);
    }
    HttpUrl url = repoUrl(owner, repo).addPathSegment("pulls").addPathSegment(num(number)).build();
    execute(request(url).patch(jsonBody(MAPPER.createObjectNode().put("state", "closed"))), true);
  }

  /**
   * Merges the pull request if its head is still {@code sha}; returns the merge commit. A pull
   * request GitHub will not merge (405) or whose head moved (409) fails without retry.
   */
  public String merge(String owner, String repo, int number, String sha, String method) {
    requireRef(sha, "sha");
    String mergeMethod = method == null ? "merge" : method;
    if (!MERGE_METHODS.contains(mergeMethod)) {
      throw new IllegalArgumentException("merge method must be one of " + MERGE_METHODS);
    }
    HttpUrl url =
        repoUrl(owner, repo)
            .addPathSegment("pulls")
            .addPathSegment(num(number))
            .addPathSegment("merge")
            .build();
    ObjectNode json = MAPPER.createObjectNode().put("sha", sha).put("merge_method", mergeMethod);
    Reply reply;
    try {
      reply = execute(request(url).put(jsonBody(json)), true);
    } catch (GitHubException e) {
      if (e.status() == 405) {
        throw new GitHubException(
            "pull request "
                + owner
                + "/"
                + repo
                + "#"
                + number
                + " cannot be merged: "
                + e.getMessage(),
            405,
            false);
      }
      if (e.status() == 409) {
        throw new GitHubException(
            "pull request "
                + owner
                + "/"
                + repo
                + "#"
                + number
                + " head is no longer "
                + shortSha(sha)
                + ": "
                + e.getMessage(),
            409,
            false);
      }
      throw e;
    }
    JsonNode body = json(reply);
    if (!body.path("merged").asBoolean(false)) {
      throw new GitHubException(
          "GitHub did not merge "
              + owner
              + "/"
              + repo
              + "#"
              + number
              + ": "
              + redact(String.valueOf(text(body, "message", false))),
          reply.status(),
          false);
    }
    return text(body, "sha", true);
  }

  // ---------------------------------------------------------------- HTTP

  /**
   * GETs {@code url} and reads its JSON, with this client's authentication, retries and rate-limit
   * waits: for the other readers of this package ({@link GitHubGitData}), so GitHub's rules live in
   * one place.
   */
  JsonNode getJson(HttpUrl url) {
    return json(execute(get(url), true));
  }

  /** A response read to the end. */
  record Reply(int status, String body, String nextLink, String method, String path) {}

  /** The reply's JSON; an empty or unreadable body is a clear, non-retryable error. */
  private JsonNode json(Reply reply) {
    String where = "GitHub " + reply.method() + " " + reply.path();
    try {
      JsonNode node = MAPPER.readTree(reply.body());
      if (node == null || node.isMissingNode()) {
        throw new GitHubException(
            where + " returned an empty body where JSON was expected", reply.status(), false);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new GitHubException(
          redact(
              where
                  + " returned malformed JSON (is GITHUB_API_URL the API root, e.g."
                  + " https://ghe.example/api/v3 for GitHub Enterprise?): "
                  + truncate(e.getOriginalMessage(), 200)),
          reply.status(),
          false);
    }
  }

  private void paginate(HttpUrl first, Consumer<JsonNode> onPage, String field, int maxPages) {
    HttpUrl url = first;
    for (int page = 0; url != null && page < maxPages; page++) {
      Reply reply = execute(get(url), true);
      JsonNode json = json(reply);
      if (field != null && !json.has(field)) {
        throw new GitHubException(
            "GitHub GET " + reply.path() + " returned JSON without \"" + field + "\"",
            reply.status(),
            false);
      }
      onPage.accept(json);
      url = nextUrl(reply.nextLink());
    }
  }

  /** The next page, provided it stays on the API's host: the token must not go anywhere else. */
  private HttpUrl nextUrl(String link) {
    if (link == null) {
      return null;
    }
    Matcher m = NEXT_LINK.matcher(link);
    if (!m.find()) {
      return null;
    }
    HttpUrl next = HttpUrl.parse(m.group(1));
    if (next == null
        || !next.scheme().equals(apiUrl.scheme())
        || !next.host().equalsIgnoreCase(apiUrl.host())
        || next.port() != apiUrl.port()) {
      throw new GitHubException(
          "GitHub returned a pagination link outside " + apiUrl.host() + "; not following it",
          0,
          false);
    }
    return next;
  }

  private Request.Builder get(HttpUrl url) {
    return request(url).get();
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", "Bearer " + token)
        .header("Accept", JSON_MEDIA)
        .header("X-GitHub-Api-Version", API_VERSION)
        .header("User-Agent", USER_AGENT);
  }

  private Reply execute(Request.Builder builder, boolean repeatable) {
    Request request = builder.build();
    String method = request.method();
    String path = request.url().encodedPath();
    waitForWindow(method, path);
    int rateLimited = 0;
    int failures = 0;
    while (true) {
      int status;
      String body;
      String retryAfter;
      String remaining;
      String reset;
      String link;
      try (Response response = http.newCall(request).execute()) {
        status = response.code();
        body = response.body().string();
        retryAfter = response.header("Retry-After");
        remaining = response.header("X-RateLimit-Remaining");
        reset = response.header("X-RateLimit-Reset");
        link = response.header("Link");
      } catch (IOException e) {
        String what =
            "GitHub "
                + method
                + " "
                + path
                + " failed: "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (!repeatable || failures >= limits.maxServerRetries()) {
          throw new GitHubException(redact(what), 0, true);
        }
        failures++;
        log.warn("{}; retrying ({}/{})", redact(what), failures, limits.maxServerRetries());
        sleep(backoff(failures));
        continue;
      }
      if (status >= 200 && status < 300) {
        noteWindow(remaining, reset);
        return new Reply(status, body, link, method, path);
      }
      String message = errorMessage(body);
      String what = "GitHub " + method + " " + path + " returned " + status + ": " + message;

      if (status == 403 || status == 429) {
        Duration wait = rateLimitWait(status, message, retryAfter, remaining, reset, rateLimited);
        if (wait != null) {
          if (wait.compareTo(limits.maxRateLimitWait()) > 0) {
            throw new GitHubException(
                redact(what + " (rate limited for " + wait.toSeconds() + " s; try later)"),
                status,
                true);
          }
          if (rateLimited >= limits.maxRateLimitRetries()) {
            throw new GitHubException(redact(what + " (still rate limited)"), status, true);
          }
          rateLimited++;
          log.warn("GitHub {} {} rate limited; waiting {} s", method, path, wait.toSeconds());
          sleep(wait);
          continue;
        }
      }
      if (status >= 500 || status == 408) {
        if (!repeatable || failures >= limits.maxServerRetries()) {
          throw new GitHubException(redact(what), status, true);
        }
        failures++;
        log.warn("{}; retrying ({}/{})", redact(what), failures, limits.maxServerRetries());
        sleep(backoff(failures));
        continue;
      }
      throw new GitHubException(redact(what), status, false);
    }
  }

  /** When the primary rate limit window reopens, after an answer that spent its last request. */
  private final AtomicReference<Instant> windowReopens = new AtomicReference<>();

  private void noteWindow(String remaining, String reset) {
    if (!"0".equals(remaining == null ? null : remaining.strip()) || reset == null) {
      return;
    }
    try {
      windowReopens.set(Instant.ofEpochSecond(Long.parseLong(reset.strip())).plusSeconds(1));
    } catch (NumberFormatException ignored) {
      // GitHub always sends epoch seconds; anything else is not a window we can wait for
    }
  }

  private void waitForWindow(String method, String path) {
    Instant reopens = windowReopens.get();
    if (reopens == null) {
      return;
    }
    Duration wait = Duration.between(clock.instant(), reopens);
    if (wait.isNegative() || wait.isZero()) {
      windowReopens.compareAndSet(reopens, null);
      return;
    }
    if (wait.compareTo(limits.maxRateLimitWait()) > 0) {
      throw new GitHubException(
          "GitHub "
              + method
              + " "
              + path
              + " not sent: the rate limit is spent until "
              + reopens
              + " ("
              + wait.toSeconds()
              + " s; try later)",
          403,
          true);
    }
    log.warn("GitHub rate limit spent; waiting {} s before {} {}", wait.toSeconds(), method, path);
    sleep(wait);
    windowReopens.compareAndSet(reopens, null); // a newer window noted meanwhile stays
  }

  /** How long GitHub asks us to wait, or null when the 403/429 is not a rate limit. */
  private Duration rateLimitWait(
      int status,
      String message,
      String retryAfter,
      String remaining,
      String reset,
      int previousWaits) {
    if (retryAfter != null) {
      try {
        return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.strip())));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(60);
      }
    }
    if ("0".equals(remaining != null ? remaining.strip() : null) && reset != null) {
      try {
        Instant at = Instant.ofEpochSecond(Long.parseLong(reset.strip()));
        Duration wait = Duration.between(clock.instant(), at).plusSeconds(1);
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(60);
      }
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (status == 429 || lower.contains("secondary rate limit") || lower.contains("abuse")) {
      // No header to go by: at least a minute, longer each time.
      return Duration.ofSeconds(60L << Math.min(previousWaits, 4));
    }
    return null; // a plain 403: missing permission
  }

  private Duration backoff(int failures) {
    return limits.backoff().multipliedBy(1L << Math.min(failures - 1, 6));
  }

  private void sleep(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitHubException("interrupted while waiting to retry a GitHub call", 0, true);
    }
  }

  /** GitHub's {@code message} (and the first validation error), or the start of a non-JSON body. */
  private String errorMessage(String body) {
    if (body == null || body.isBlank()) {
      return "(no message)";
    }
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json != null && json.hasNonNull("message")) {
        StringBuilder msg = new StringBuilder(json.get("message").asText());
        JsonNode errors = json.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
          JsonNode first = errors.get(0);
          String detail = first.hasNonNull("message") ? first.get("message").asText() : null;
          if (detail == null && first.hasNonNull("code")) {
            detail =
                first.path("resource").asText("")
                    + "."
                    + first.path("field").asText("")
                    + " "
                    + first.get("code").asText();
          }
          if (detail == null && first.isTextual()) {
            detail = first.asText();
          }
          if (detail != null) {
            msg.append(" (").append(detail).append(')');
          }
        }
        return truncate(msg.toString(), 300);
      }
    } catch (JsonProcessingException e) {
      // not JSON: fall through
    }
    return truncate(body.strip().replaceAll("\\s+", " "), 200);
  }

  private String redact(String text) {
    return text == null ? null : text.replace(token, "***");
  }

  // ---------------------------------------------------------------- helpers

  HttpUrl.Builder repoUrl(String owner, String repo) {
    if (owner == null || owner.isBlank() || repo == null || repo.isBlank()) {
      throw new IllegalArgumentException("owner and repo are required");
    }
    return apiUrl.newBuilder().addPathSegment("repos").addPathSegment(owner).addPathSegment(repo);
  }

  private HttpUrl.Builder issueCommentsUrl(String owner, String repo, int number) {
    return repoUrl(owner, repo)
        .addPathSegment("issues")
        .addPathSegment(num(number))
        .addPathSegment("comments");
  }

  private static RequestBody jsonBody(JsonNode json) {
    return RequestBody.create(json.toString(), JSON);
  }

  private static String num(int number) {
    if (number <= 0) {
      throw new IllegalArgumentException("pull request number must be positive: " + number);
    }
    return Integer.toString(number);
  }

  private static void requireRef(String ref, String what) {
    if (ref == null || ref.isBlank() || ref.contains("..") || ref.startsWith("/")) {
      throw new IllegalArgumentException("invalid " + what + ": " + ref);
    }
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(7, sha.length()));
  }

  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, max - 1) + "…";
  }

  private static Iterable<JsonNode> array(JsonNode node, String what) {
    if (!node.isArray()) {
      throw new GitHubException("GitHub returned " + what + " that is not a JSON array", 0, false);
    }
    return node;
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new GitHubException("GitHub returned JSON without \"" + field + "\"", 0, false);
      }
      return null;
    }
    return v.asText();
  }

  private static PullRequest toPullRequest(JsonNode pr) {
    if (!pr.isObject()) {
      throw new GitHubException(
          "GitHub returned a pull request that is not a JSON object", 0, false);
    }
    JsonNode head = pr.path("head");
    JsonNode base = pr.path("base");
    JsonNode mergeable = pr.get("mergeable");
    return new PullRequest(
        pr.path("number").asInt(),
        text(pr, "state", true),
        pr.path("merged").asBoolean(false) || pr.hasNonNull("merged_at"),
        mergeable == null || mergeable.isNull() ? null : mergeable.asBoolean(),
        text(pr, "html_url", true),
        text(pr, "title", false),
        text(head, "ref", true),
        text(head, "sha", true),
        head.path("repo").isObject() ? text(head.path("repo"), "full_name", false) : null,
        text(base, "ref", true),
        text(base, "sha", true),
        text(pr, "merge_commit_sha", false),
        base.path("repo").isObject() ? text(base.path("repo"), "full_name", false) : null,
        text(pr, "author_association", false));
  }
}
