package dev.prflow.activities.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prflow.activities.PromptActivitiesImpl;
import dev.prflow.activities.github.GitHubFixtures.RecordingSleeper;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.prompt.CodebaseSources;
import dev.prflow.activities.prompt.LocalCodebaseSource;
import dev.prflow.activities.prompt.PromptGenerator;
import dev.prflow.activities.prompt.PromptLimits;
import dev.prflow.activities.prompt.TreeCodebase;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompt of a {@code github:} task, read through GitHub's trees and blobs API from a scripted
 * GitHub that serves a real git repository in GitHub's wire format.
 */
class GitHubCodebaseSourceTest {

  private static final String REPOSITORY = "github:octo-org/hello-world";
  private static final String LIMITER =
      """
      package app;

      /** Token bucket per client. */
      public final class RateLimiter {
        public boolean tryAcquire(String client) {
          return true;
        }
      }
      """;

  @TempDir Path tmp;
  private Git git;
  private String commit;
  private MockWebServer server;
  private GitHubRepoDispatcher github;
  private RecordingSleeper sleeper;
  private GitHubClient client;

  @BeforeEach
  void start() throws IOException {
    Path dir = tmp.resolve("repo");
    Files.createDirectories(dir);
    git = new Git(dir);
    git.run("init", "-q", "-b", "main");
    write("README.md", "# Service\n");
    write("src/main/java/app/RateLimiter.java", LIMITER);
    write("src/main/java/app/Server.java", "class Server { /* applies the limiter */ }\n");
    write("src/main/java/app/Greeting.java", "class Greeting {}\n");
    write(
        "pom.xml",
        """
        <project><groupId>app</groupId><artifactId>svc</artifactId><version>1.0</version>
          <dependencies>
            <dependency><groupId>io.javalin</groupId><artifactId>javalin</artifactId>
              <version>6.1.0</version></dependency>
          </dependencies>
        </project>
        """);
    write("web/package.json", "{\"name\":\"web\",\"dependencies\":{\"express\":\"^4.19.2\"}}\n");
    write("web/node_modules/express/index.js", "module.exports = {} // limiter\n");
    commit = commit("initial");

    github = new GitHubRepoDispatcher(git, "octo-org/hello-world");
    server = new MockWebServer();
    server.setDispatcher(github);
    server.start();
    sleeper = new RecordingSleeper();
    client = GitHubFixtures.client(server.url("/"), sleeper);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aGitHubPromptNamesTheRealCommitTheLayoutTheDependenciesAndTheMatchedFiles() {
    GeneratedPrompt prompt = activities(TreeCodebase.Budget.defaults()).generatePrompt(request());

    String text = prompt.text();
    assertThat(text)
        .contains("- Repository: `" + REPOSITORY + "`")
        .contains("- Code read from: `main` at commit `" + commit.substring(0, 12) + "`")
        .contains("6 files (and 1 in vendored or generated directories, not listed) at `main`.")
        .contains("src/main/java/app/RateLimiter.java\n")
        .contains("web/package.json\n")
        .contains("- `pom.xml` (Maven)\n  - io.javalin:javalin:6.1.0\n")
        .contains("- `web/package.json` (npm)")
        .contains("express")
        .contains("### `src/main/java/app/RateLimiter.java`")
        .contains("public boolean tryAcquire(String client)")
        .doesNotContain("0 files at `HEAD`");
    assertThat(prompt.contextFiles())
        .containsExactly("src/main/java/app/RateLimiter.java", "src/main/java/app/Server.java");
    for (RecordedRequest r : github.requests) {
      assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + GitHubFixtures.TOKEN);
      assertThat(r.getTarget()).as("vendored code is never fetched").doesNotContain("node_modules");
    }
  }

  @Test
  void aGitHubPromptIsTheSamePromptALocalCloneOfTheSameCommitGives() {
    GeneratedPrompt remote = activities(TreeCodebase.Budget.defaults()).generatePrompt(request());

    GeneratedPrompt local =
        new PromptGenerator(PromptLimits.defaults()).generate(request(), git.directory(), "main");

    assertThat(remote).isEqualTo(local);
  }

  @Test
  void theSameCommitIsListedAndItsFilesFetchedOnlyOnce() {
    PromptActivitiesImpl activities = activities(TreeCodebase.Budget.defaults());
    GeneratedPrompt first = activities.generatePrompt(request());
    int blobs = github.calls("blob");

    GeneratedPrompt second = activities.generatePrompt(request());

    assertThat(second).as("a pure function of the task and the commit").isEqualTo(first);
    assertThat(github.calls("branch")).as("the branch may move: resolved every time").isEqualTo(2);
    assertThat(github.calls("tree")).isEqualTo(1);
    assertThat(github.calls("blob")).isEqualTo(blobs);
  }

  @Test
  void aNewCommitOnTheBaseBranchIsReadAfresh() {
    PromptActivitiesImpl activities = activities(TreeCodebase.Budget.defaults());
    activities.generatePrompt(request());
    write("src/main/java/app/Limits.java", "class Limits {}\n");
    String next = commit("add limits");

    GeneratedPrompt prompt = activities.generatePrompt(request());

    assertThat(github.calls("tree")).isEqualTo(2);
    assertThat(prompt.text())
        .contains("at commit `" + next.substring(0, 12) + "`")
        .contains("src/main/java/app/Limits.java\n");
  }

  @Test
  void aTruncatedTreeIsDescribedAsPartial() {
    github.truncateAt = 5; // directories count as entries, as on GitHub

    GeneratedPrompt prompt = activities(TreeCodebase.Budget.defaults()).generatePrompt(request());

    assertThat(prompt.text())
        .containsPattern("At least \\d+ files? ")
        .contains("The code host listed only part of this tree")
        .contains("- Code read from: `main` at commit `" + commit.substring(0, 12) + "`");
  }

  @Test
  void readsStayWithinTheBudgetAndNeverFetchAFileOverTheCap() {
    for (int i = 0; i < 30; i++) {
      write("src/main/java/app/limiter/Limiter" + i + ".java", "class Limiter" + i + " {}\n");
    }
    write("src/main/java/app/LimiterTable.java", "// limiter\n" + "x".repeat(6_000) + "\n");
    commit("many limiters");
    TreeCodebase.Budget budget = new TreeCodebase.Budget(5, 10_000, 5_000, 8, 40_000);

    GeneratedPrompt prompt = activities(budget).generatePrompt(request());

    assertThat(github.calls("blob")).isLessThanOrEqualTo(budget.maxReads());
    String bigBlob = git.run("rev-parse", "HEAD:src/main/java/app/LimiterTable.java").strip();
    assertThat(github.requests).noneMatch(r -> r.getTarget().endsWith(bigBlob));
    assertThat(prompt.text()).contains("- Code read from: `main`");
    assertThat(prompt.contextFiles())
        .isNotEmpty()
        .doesNotContain("src/main/java/app/LimiterTable.java");
  }

  @Test
  void aMissingBaseBranchIsBadInputNamingTheBranch() {
    ApplicationFailure failure = fail(request("github:octo-org/hello-world", "release/9"));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo("RepositoryUnavailable");
    assertThat(failure.getOriginalMessage())
        .isEqualTo("base branch release/9 does not exist in github:octo-org/hello-world on GitHub");
  }

  @Test
  void aMissingRepositoryIsBadInputNamingTheRepository() {
    ApplicationFailure failure = fail(request("github:octo-org/nowhere", "main"));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo("RepositoryUnavailable");
    assertThat(failure.getOriginalMessage())
        .startsWith(
            "GitHub repository github:octo-org/nowhere does not exist, or GITHUB_TOKEN"
                + " cannot see it");
  }

  @Test
  void aRejectedTokenFailsClearlyWithoutRetrying() {
    github.override = r -> GitHubTestApi.json(401, "{\"message\":\"Bad credentials\"}");

    ApplicationFailure failure = fail(request());

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(GitHubException.NON_RETRYABLE_TYPE);
    assertThat(failure.getOriginalMessage())
        .startsWith("GitHub rejected GITHUB_TOKEN while reading " + REPOSITORY)
        .contains("Bad credentials")
        .doesNotContain(GitHubFixtures.TOKEN);
  }

  @Test
  void aTokenWithoutAccessToTheContentsFailsClearlyWithoutRetrying() {
    github.override =
        r ->
            r.getTarget().contains("/git/trees/")
                ? GitHubTestApi.json(
                    403, "{\"message\":\"Resource not accessible by integration\"}")
                : null;

    ApplicationFailure failure = fail(request());

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith("GITHUB_TOKEN may not read " + REPOSITORY)
        .contains("Resource not accessible by integration");
  }

  @Test
  void anOutageOfGitHubIsRetryable() {
    github.override =
        r -> r.getTarget().contains("/git/blobs/") ? GitHubTestApi.json(502, "{}") : null;

    ApplicationFailure failure = fail(request());

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(GitHubException.RETRYABLE_TYPE);
  }

  @Test
  void aRateLimitIsWaitedOutAsGitHubAsks() {
    boolean[] limited = {false};
    github.override =
        r -> {
          if (r.getTarget().contains("/git/trees/") && !limited[0]) {
            limited[0] = true;
            return new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "7")
                .body("{\"message\":\"You have exceeded a secondary rate limit.\"}")
                .build();
          }
          return null;
        };

    GeneratedPrompt prompt = activities(TreeCodebase.Budget.defaults()).generatePrompt(request());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    assertThat(prompt.text()).contains("at commit `" + commit.substring(0, 12) + "`");
  }

  @Test
  void aWorkerWithoutGitHubFailsTheTaskAtOnceNamingTheMissingToken() {
    PromptActivitiesImpl localOnly =
        new PromptActivitiesImpl(new PromptGenerator(PromptLimits.defaults()));

    assertThatThrownBy(() -> localOnly.generatePrompt(request()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo("WorkerMisconfigured");
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "task on " + REPOSITORY + " but GITHUB_TOKEN is not set on this worker");
            });
  }

  @Test
  void aMalformedRepositoryIsAnInvalidTask() {
    ApplicationFailure failure = fail(request("github:not a repo", "main"));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo("InvalidTask");
    assertThat(github.requests).isEmpty();
  }

  private ApplicationFailure fail(PromptRequest request) {
    return catchThrowableOfType(
        ApplicationFailure.class,
        () -> activities(TreeCodebase.Budget.defaults()).generatePrompt(request));
  }

  private PromptActivitiesImpl activities(TreeCodebase.Budget budget) {
    return new PromptActivitiesImpl(
        new PromptGenerator(PromptLimits.defaults()),
        new CodebaseSources(
            new LocalCodebaseSource(),
            new GitHubCodebaseSource(new GitHubGitData(client), budget)));
  }

  private static PromptRequest request() {
    return request(REPOSITORY, "main");
  }

  private static PromptRequest request(String repository, String baseBranch) {
    TaskSpec task =
        new TaskSpec(
            42,
            "Per-client rate limiter",
            "Requests from one client must not starve the others.",
            List.of("Limit each client to 10 requests per second"),
            List.of("A client over its limit receives HTTP 429"),
            "high",
            "medium",
            repository,
            baseBranch,
            "comprehensive",
            null);
    return new PromptRequest(task, "comprehensive", 1, "initial", null);
  }

  private void write(String path, String content) {
    try {
      Path file = git.directory().resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String commit(String message) {
    git.run("add", "-A");
    git.run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message);
    return git.run("rev-parse", "HEAD").strip();
  }
}
