package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.github.GitHubCodeHost;
import dev.prflow.activities.github.GitHubMirror;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.github.GitHubStandIn;
import dev.prflow.activities.github.GitHubTestApi;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.testing.TestRunner;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clone mode runs a GitHub pull request's tests on this worker. A pull request from a fork by
 * someone outside the repository would run outside code here, so its tests are not run unless the
 * operator allows it. GitHub is a mockwebserver3 serving the PR as the REST API does; its git side
 * is a {@code file://} stand-in.
 */
class ForkPullRequestTestsTest {

  private static final String TOKEN = "ghp_forkGateTokenNotReal0000000000000000";
  private static final String FIXTURE_HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
  private static final String FIXTURE_BASE = "9a2ce2e8d6d4a4b6c4f0ba1a67e4cf8c2b53a0d1";

  private static Database db;

  @TempDir Path temp;

  private MockWebServer api;
  private GitHubCodeHost host;
  private PullRequestRef pr;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void publish() throws IOException {
    Path work = DemoRepository.create(temp.resolve("work"));
    Git git = new Git(work);
    String base = git.resolve("HEAD").orElseThrow();
    git.run("checkout", "--quiet", "-b", "feature");
    Files.writeString(work.resolve("NOTES.md"), "a harmless change\n");
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "notes");
    String head = git.resolve("HEAD").orElseThrow();
    new GitHubStandIn(temp.resolve("github"))
        .publishPullRequest(git, "octo-org/hello-world", "feature", 42);
    api = new MockWebServer();
    api.start();
    host = new GitHubCodeHost(GitHubTestApi.client(api.url("/"), TOKEN));
    String repository = "github:octo-org/hello-world";
    pr =
        new PullRequestRef(
            "github",
            repository,
            GitHubRepository.parse(repository).key(),
            42,
            "https://github.com/octo-org/hello-world/pull/42",
            "main",
            "feature",
            base,
            head);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private ValidationActivitiesImpl activities() {
    return new ValidationActivitiesImpl(
            host,
            new TestRunner(new Worktrees(temp.resolve("scratch")), null, Duration.ofMinutes(2)),
            new ValidationStore(db.jdbi()))
        .withGitHub(
            host,
            null,
            new GitHubMirror(
                temp.resolve("mirrors"), temp.resolve("github").toUri().toString(), null));
  }

  /** GitHub's answer for PR 42: from {@code headRepository}, by an author of that standing. */
  private void serve(String headRepository, String association) {
    String json =
        GitHubTestApi.fixture("pull.json")
            .replace(FIXTURE_HEAD, pr.headSha())
            .replace(FIXTURE_BASE, pr.baseSha())
            .replaceFirst(
                "\"full_name\": \"octo-org/hello-world\"",
                "\"full_name\": \"" + headRepository + "\"")
            .replace("\"CONTRIBUTOR\"", "\"" + association + "\"");
    api.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json; charset=utf-8")
            .body(json)
            .build());
  }

  @Test
  void aForkByAnOutsideContributorIsNotTestedAndNothingIsFetched() {
    serve("mallory/hello-world", "CONTRIBUTOR");

    TestRun run = activities().runTests(pr);

    assertThat(run.status()).isEqualTo(TestRun.NOT_RUN);
    assertThat(run.reason())
        .contains("fork (mallory/hello-world)")
        .contains("CONTRIBUTOR")
        .contains("PRFLOW_GITHUB_FORK_TESTS=all");
    assertThat(temp.resolve("mirrors")).doesNotExist();
  }

  @Test
  void aForkByAMemberIsTested() {
    serve("alice/hello-world", "MEMBER");

    TestRun run = activities().runTests(pr);

    assertThat(run.status()).as(run.reason()).isEqualTo(TestRun.PASSED);
  }

  @Test
  void aForkByAnOutsideContributorIsTestedWhenTheOperatorAllowsIt() {
    TestRun run = activities().withForkTests(true).runTests(pr);

    assertThat(run.status()).as(run.reason()).isEqualTo(TestRun.PASSED);
    assertThat(api.getRequestCount()).as("nothing to ask GitHub").isZero();
  }

  @Test
  void aBranchOfTheRepositoryItselfIsTestedWhoeverOpenedIt() {
    serve("octo-org/hello-world", "FIRST_TIME_CONTRIBUTOR");

    TestRun run = activities().runTests(pr);

    assertThat(run.status()).as(run.reason()).isEqualTo(TestRun.PASSED);
  }
}
