package dev.prflow.activities.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.testing.TestRunner;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test mode {@code clone}: a GitHub pull request's head is fetched into a bare mirror (here from a
 * {@code file://} stand-in for github.com holding {@code refs/pull/N/head}) and its tests run.
 */
class GitHubMirrorTest {

  @TempDir Path temp;

  private PullRequestRef pullRequest(String headSha, String baseSha) {
    return new PullRequestRef(
        "github",
        "github:octo-org/hello-world",
        GitHubRepository.parse("github:octo-org/hello-world").key(),
        42,
        "https://github.com/octo-org/hello-world/pull/42",
        "main",
        "feature",
        baseSha,
        headSha);
  }

  /** A "GitHub" holding octo-org/hello-world.git with a pull request 42 that breaks the adder. */
  private String[] publish() throws Exception {
    Path work = DemoRepository.create(temp.resolve("work"));
    Git git = new Git(work);
    String base = git.resolve("refs/heads/main").orElseThrow();
    git.run("checkout", "--quiet", "-b", "feature");
    Path calc = work.resolve("src/main/java/demo/Calculator.java");
    Files.writeString(calc, Files.readString(calc).replace("return a + b;", "return a - b;"));
    git.run("commit", "--quiet", "-am", "break the adder");
    String head = git.resolve("HEAD").orElseThrow();
    new GitHubStandIn(temp.resolve("github"))
        .publishPullRequest(git, "octo-org/hello-world", "feature", 42);
    return new String[] {base, head};
  }

  @Test
  void fetchesThePullRequestHeadAndItsTestsRunThere() throws Exception {
    String[] shas = publish();
    GitHubMirror mirror =
        new GitHubMirror(temp.resolve("mirrors"), temp.resolve("github").toUri().toString(), null);

    Git git = mirror.forPullRequest(pullRequest(shas[1], shas[0]));
    TestRun run =
        new TestRunner(new Worktrees(temp.resolve("scratch")), null, Duration.ofMinutes(2))
            .run(git, shas[1], Heartbeat.NONE)
            .run();

    assertThat(git.resolve("refs/prflow/pull/42")).contains(shas[1]);
    assertThat(run.status()).isEqualTo(TestRun.FAILED);
    assertThat(run.outputTail()).contains("FAIL addsTwoNumbers");
    // A second validation reuses the mirror and only fetches.
    assertThat(mirror.forPullRequest(pullRequest(shas[1], shas[0])).directory())
        .isEqualTo(git.directory());
  }

  @Test
  void aHeadThatIsNotOnTheRemoteIsARetryableError() throws Exception {
    String[] shas = publish();
    GitHubMirror mirror =
        new GitHubMirror(temp.resolve("mirrors"), temp.resolve("github").toUri().toString(), null);

    assertThatThrownBy(() -> mirror.forPullRequest(pullRequest("f".repeat(40), shas[0])))
        .isInstanceOf(GitHubException.class)
        .hasMessageContaining("is not in the fetched refs");
  }

  @Test
  void theTokenStaysOutOfTheMirrorsConfiguration() throws Exception {
    String[] shas = publish();
    String token = "ghp_mirrorTokenNotReal00000000000000000";
    // An https base would send the token as a header; a file base ignores it. Either way the
    // repository's config must name the remote without credentials.
    GitHubMirror mirror =
        new GitHubMirror(temp.resolve("mirrors"), temp.resolve("github").toUri().toString(), token);
    Git git = mirror.forPullRequest(pullRequest(shas[1], shas[0]));
    assertThat(Files.readString(git.directory().resolve("config"))).doesNotContain(token);
  }

  @Test
  void checksAskingAtOnceShareOneFetch() throws Exception {
    String[] shas = publish();
    GitHubMirror mirror =
        new GitHubMirror(temp.resolve("mirrors"), temp.resolve("github").toUri().toString(), null);
    PullRequestRef pr = pullRequest(shas[1], shas[0]);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Git>> asked = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        asked.add(pool.submit(() -> mirror.forPullRequest(pr)));
      }
      for (Future<Git> each : asked) {
        assertThat(each.get(60, TimeUnit.SECONDS).resolve(shas[1])).contains(shas[1]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMirrorHoldingBothCommitsDoesNotFetchAgain() throws Exception {
    String[] shas = publish();
    GitHubMirror mirror =
        new GitHubMirror(temp.resolve("mirrors"), temp.resolve("github").toUri().toString(), null);
    Git first = mirror.forPullRequest(pullRequest(shas[1], shas[0]));
    // With the remote gone, only a fetch could fail.
    deleteRecursively(temp.resolve("github"));

    Git second = mirror.forPullRequest(pullRequest(shas[1], shas[0]));

    assertThat(second.directory()).isEqualTo(first.directory());
    assertThat(second.resolve(shas[0])).contains(shas[0]);
  }

  @Test
  void aFetchThatFailsIsARetryableErrorNamingTheRepositoryNotTheToken() throws Exception {
    String[] shas = publish();
    String token = "ghp_mirrorTokenNotReal00000000000000000";
    GitHubMirror mirror =
        new GitHubMirror(
            temp.resolve("mirrors"), temp.resolve("nowhere").toUri().toString(), token);

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> mirror.forPullRequest(pullRequest(shas[1], shas[0])));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .startsWith("git fetch of octo-org/hello-world failed")
        .doesNotContain(token);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
