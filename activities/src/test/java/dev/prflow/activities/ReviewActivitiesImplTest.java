package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.github.GitHubMirror;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.github.GitHubStandIn;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.LocalCodeHost;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.review.CodeReviewer;
import dev.prflow.activities.security.SecretRules;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.PullRequestStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.workflows.model.DependencyChange;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review and scan on real git pull requests, including the inputs that break naive tools. */
class ReviewActivitiesImplTest {

  @TempDir Path temp;

  private static Database db;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private ReviewActivitiesImpl activities() {
    return new ReviewActivitiesImpl(
        new LocalCodeHost(new PullRequestStore(db.jdbi())),
        new Worktrees(temp.resolve("work")),
        new CodeReviewer(),
        SecretRules.defaults());
  }

  /** Commits whatever {@code change} writes on a new branch and returns the pull request. */
  private PullRequestRef pullRequest(Path repo, String branch, Change change) throws IOException {
    Git git = new Git(repo);
    String base = git.resolve("refs/heads/main").orElseThrow();
    git.run("checkout", "--quiet", "-b", branch);
    change.apply(repo);
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "change");
    String head = git.resolve("HEAD").orElseThrow();
    git.run("checkout", "--quiet", "main");
    RepositoryLocation location = RepositoryLocation.parse("local:" + repo);
    return new PullRequestRef(
        "local",
        location.canonical(),
        location.key(),
        1,
        location.canonical() + "#1",
        "main",
        branch,
        base,
        head);
  }

  private interface Change {
    void apply(Path repo) throws IOException;
  }

  @Test
  void binaryInvalidUtf8AndATenMegabyteLineAreCheckedWithoutCrashing() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    PullRequestRef pr =
        pullRequest(
            repo,
            "hostile",
            r -> {
              byte[] png = new byte[4096];
              for (int i = 0; i < png.length; i++) {
                png[i] = (byte) (i * 31);
              }
              Files.write(r.resolve("logo.png"), png);
              Files.write(
                  r.resolve("latin1.txt"),
                  new byte[] {'p', 'a', 's', 's', (byte) 0xE9, (byte) 0xFF, '\n'});
              Files.writeString(
                  r.resolve("one-line.js"), "var x = '" + "a".repeat(10 << 20) + "';\n");
            });

    ReviewResult review = activities().reviewCode(pr);
    SecurityResult scan = activities().scanSecurity(pr);

    assertThat(review.findings()).extracting(Finding::rule).contains("binary-file");
    assertThat(scan.skipped()).isNotEmpty();
    assertThat(String.join("\n", scan.skipped()) + String.join("\n", review.skipped()))
        .containsIgnoringCase("logo.png");
  }

  @Test
  void fiftyMegabyteDiffIsScannedAndTheSecretInItFound() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("big"));
    PullRequestRef pr =
        pullRequest(
            repo,
            "big",
            r -> {
              try (OutputStream out = Files.newOutputStream(r.resolve("data.txt"))) {
                byte[] line =
                    "row 0123456789 abcdefghijklmnopqrstuvwxyz lorem ipsum dolor\n"
                        .getBytes(StandardCharsets.UTF_8);
                for (long written = 0; written < 50L << 20; written += line.length) {
                  out.write(line);
                }
              }
              Files.writeString(
                  r.resolve("deploy.env"),
                  "GITHUB_TOKEN=ghp_" + "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8V" + "\n");
            });

    SecurityResult scan = activities().scanSecurity(pr);

    assertThat(scan.secrets()).extracting(Finding::file).contains("deploy.env");
    assertThat(scan.toString()).doesNotContain("Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8V");
  }

  @Test
  void brokenPrflowYmlBecomesAFindingNamingTheLine() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("cfg"));
    PullRequestRef pr =
        pullRequest(
            repo,
            "bad-config",
            r ->
                Files.writeString(
                    r.resolve(".prflow.yml"),
                    "test_command: sh run-tests.sh\nreview:\n  rules: [unclosed\n"));

    ReviewResult review = activities().reviewCode(pr);

    Finding config =
        review.findings().stream()
            .filter(f -> "config".equals(f.category()) && ".prflow.yml".equals(f.file()))
            .findFirst()
            .orElseThrow();
    assertThat(config.line()).isNotNull();
    assertThat(config.message()).contains("line " + config.line());
  }

  @Test
  void aPullRequestCannotSwitchOffTheRulesThatJudgeIt() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("sneaky"));
    PullRequestRef pr =
        pullRequest(
            repo,
            "quiet-please",
            r -> {
              Files.writeString(
                  r.resolve(".prflow.yml"),
                  "test_command: sh run-tests.sh\nreview:\n  rules:\n    todo-added: false\n");
              Files.writeString(r.resolve("notes.py"), "x = 1  # TODO: remove before release\n");
            });

    ReviewResult review = activities().reviewCode(pr);

    assertThat(review.findings()).extracting(Finding::rule).contains("todo-added");
    assertThat(review.skipped()).anyMatch(note -> note.contains("apply once it is merged"));
  }

  @Test
  void teamGitleaksRulesAreReadFromTheBaseCommit() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("team"));
    Git git = new Git(repo);
    Files.writeString(
        repo.resolve(".gitleaks.toml"),
        """
        [[rules]]
        id = "acme-internal-token"
        description = "ACME internal token"
        regex = '''acme_[a-z0-9]{24}'''
        keywords = ["acme_"]
        """);
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "team rules");
    PullRequestRef pr =
        pullRequest(
            repo,
            "acme",
            r ->
                Files.writeString(r.resolve("app.cfg"), "token = acme_k3j4h5g6f7d8s9a0q1w2e3r4\n"));

    SecurityResult scan = activities().scanSecurity(pr);

    assertThat(scan.secrets()).extracting(Finding::rule).containsExactly("acme-internal-token");
    assertThat(scan.skipped()).anyMatch(s -> s.contains(".gitleaks.toml"));
  }

  @Test
  void aGitHubPullRequestIsReviewedAndScannedOnItsMirrorLikeALocalOne() throws IOException {
    // A file:// stand-in for github.com holding octo-org/hello-world with pull request 7.
    Path work = DemoRepository.create(temp.resolve("gh-work"));
    Git git = new Git(work);
    Files.writeString(work.resolve("requirements.txt"), "requests==2.31.0\n");
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "python tools");
    String base = git.resolve("HEAD").orElseThrow();
    git.run("checkout", "--quiet", "-b", "feature");
    Files.writeString(work.resolve("requirements.txt"), "requests==2.32.3\n");
    Files.writeString(
        work.resolve("src/main/java/demo/Loader.java"), GitHubStandIn.EMPTY_CATCH_LOADER);
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "loader");
    String head = git.resolve("HEAD").orElseThrow();
    GitHubStandIn github = new GitHubStandIn(temp.resolve("github"));
    github.publishPullRequest(git, "octo-org/hello-world", "feature", 7);
    String repository = "github:octo-org/hello-world";
    PullRequestRef pr =
        new PullRequestRef(
            "github",
            repository,
            GitHubRepository.parse(repository).key(),
            7,
            "https://github.com/octo-org/hello-world/pull/7",
            "main",
            "feature",
            base,
            head);
    ReviewActivitiesImpl activities =
        activities()
            .withMirror(new GitHubMirror(temp.resolve("mirrors"), github.gitBaseUrl(), null));

    ReviewResult review = activities.reviewCode(pr);
    SecurityResult scan = activities.scanSecurity(pr);

    assertThat(review.findings())
        .extracting(Finding::file, Finding::rule)
        .contains(tuple("src/main/java/demo/Loader.java", "pmd/EmptyCatchBlock"));
    assertThat(review.skipped()).noneMatch(note -> note.contains("diff rules only"));
    assertThat(scan.dependencies())
        .extracting(
            DependencyChange::name, DependencyChange::fromVersion, DependencyChange::toVersion)
        .containsExactly(tuple("requests", "2.31.0", "2.32.3"));
  }
}
