package dev.prflow.activities.localgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.NewTask;
import dev.prflow.activities.store.PullRequestStore;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.TaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCodeHostTest {

  private static Database db;
  private static TaskStore tasks;
  private static PullRequestStore prs;

  @TempDir Path temp;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    tasks = new TaskStore(db.jdbi());
    prs = new PullRequestStore(db.jdbi());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private TaskSpec task(Path repo) {
    String repository = "local:" + repo;
    long id =
        tasks
            .insert(
                new NewTask(
                    "Add a changelog",
                    "Keep a changelog.",
                    List.of("write it"),
                    List.of("CHANGELOG.md exists"),
                    "medium",
                    "low",
                    repository,
                    "main",
                    null,
                    null,
                    null,
                    null))
            .task()
            .id();
    return new TaskSpec(
        id,
        "Add a changelog",
        "Keep a changelog.",
        List.of("write it"),
        List.of("CHANGELOG.md exists"),
        "medium",
        "low",
        repository,
        "main",
        null,
        null);
  }

  /** Commits a new file with three lines and one changed line on {@code branch}, off main. */
  private static AgentRunResult commitOnBranch(Git git, String branch) throws IOException {
    String base = git.resolve("refs/heads/main").orElseThrow();
    git.run("checkout", "--quiet", "-b", branch, "main");
    Files.writeString(git.directory().resolve("CHANGELOG.md"), "# Changes\n\n- added line\n");
    Path readme = git.directory().resolve("README.md");
    Files.writeString(readme, Files.readString(readme) + "See CHANGELOG.md.\n");
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "changelog");
    git.run("checkout", "--quiet", "main");
    String head = git.resolve("refs/heads/" + branch).orElseThrow();
    return new AgentRunResult(
        "demo", branch, base, head, List.of("CHANGELOG.md", "README.md"), "wrote it", false);
  }

  @Test
  void openGivesTheFirstPullRequestOfTheRepository() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    Git git = new Git(repo);
    TaskSpec task = task(repo);
    AgentRunResult run = commitOnBranch(git, "prflow/task-" + task.id() + "-1");
    LocalCodeHost host = new LocalCodeHost(prs);

    PullRequestRef pr = host.open(new PullRequestRequest(task, 1, run));

    RepositoryLocation location = RepositoryLocation.parse(task.repository());
    assertThat(pr.number()).isEqualTo(1);
    assertThat(pr.host()).isEqualTo("local");
    assertThat(pr.repository()).isEqualTo("local:" + repo);
    assertThat(pr.repoKey()).isEqualTo(location.key());
    assertThat(pr.url()).isEqualTo("local:" + repo + "#1");
    assertThat(pr.baseBranch()).isEqualTo("main");
    assertThat(pr.headBranch()).isEqualTo(run.branch());
    assertThat(pr.baseSha()).isEqualTo(run.baseSha());
    assertThat(pr.headSha()).isEqualTo(git.resolve(run.branch()).orElseThrow());
    assertThat(prs.find(pr.repository(), 1).orElseThrow().body())
        .contains("Task " + task.id() + ": Add a changelog", "- CHANGELOG.md exists", "demo agent");
  }

  @Test
  void aPullRequestThatConflictsWithItsBaseIsAMergeConflictAndTheBaseStays() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    Git git = new Git(repo);
    TaskSpec task = task(repo);
    AgentRunResult run = commitOnBranch(git, "prflow/task-" + task.id() + "-1");
    PullRequestRef pr = new LocalCodeHost(prs).open(new PullRequestRequest(task, 1, run));
    // Meanwhile main writes the same new file differently.
    Files.writeString(repo.resolve("CHANGELOG.md"), "# Changelog\n\n- something else\n");
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "a rival changelog");
    String mainBefore = git.resolve("refs/heads/main").orElseThrow();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocalCodeHost(prs).merge(pr))
        .isInstanceOf(MergeConflictException.class)
        .hasMessageContaining("does not merge cleanly into main");
    assertThat(git.resolve("refs/heads/main")).contains(mainBefore);
  }

  @Test
  void aSupersededPullRequestsBranchIsMarkedAndKept() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    Git git = new Git(repo);
    TaskSpec task = task(repo);
    AgentRunResult run = commitOnBranch(git, "prflow/task-" + task.id() + "-1");
    LocalCodeHost host = new LocalCodeHost(prs);
    PullRequestRef pr = host.open(new PullRequestRequest(task, 1, run));

    host.close(pr, "superseded", "Superseded by #2 (attempt 2, regenerate_prompt).");

    assertThat(prs.find(pr.repository(), pr.number()).orElseThrow().state())
        .isEqualTo("superseded");
    assertThat(git.branchExists(run.branch())).isTrue();
    assertThat(git.run("config", "branch." + run.branch() + ".description").strip())
        .isEqualTo("superseded: Superseded by #2 (attempt 2, regenerate_prompt).");
  }

  @Test
  void reopeningTheSameBranchKeepsTheNumberAndFollowsTheHead() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    Git git = new Git(repo);
    TaskSpec task = task(repo);
    AgentRunResult run = commitOnBranch(git, "prflow/task-" + task.id() + "-1");
    LocalCodeHost host = new LocalCodeHost(prs);
    PullRequestRef first = host.open(new PullRequestRequest(task, 1, run));

    git.run("checkout", "--quiet", run.branch());
    Files.writeString(repo.resolve("NOTES.md"), "more\n");
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "more");
    git.run("checkout", "--quiet", "main");
    PullRequestRef again = host.open(new PullRequestRequest(task, 1, run));

    assertThat(again.number()).isEqualTo(first.number());
    assertThat(again.headSha()).isNotEqualTo(first.headSha());
    assertThat(again.headSha()).isEqualTo(git.resolve(run.branch()).orElseThrow());
  }

  @Test
  void openFailsForABranchThatDoesNotExist() {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    TaskSpec task = task(repo);
    String base = new Git(repo).resolve("main").orElseThrow();
    AgentRunResult run =
        new AgentRunResult("demo", "prflow/missing", base, base, List.of(), null, false);

    assertThatThrownBy(() -> new LocalCodeHost(prs).open(new PullRequestRequest(task, 1, run)))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("prflow/missing");
  }

  @Test
  void diffAndFileStatsDescribeTheChange() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    Git git = new Git(repo);
    TaskSpec task = task(repo);
    AgentRunResult run = commitOnBranch(git, "prflow/task-" + task.id() + "-1");
    LocalCodeHost host = new LocalCodeHost(prs);
    PullRequestRef pr = host.open(new PullRequestRequest(task, 1, run));

    String diff = host.diff(pr);
    List<FileStat> stats = host.fileStats(pr);

    assertThat(diff).contains("+- added line", "+See CHANGELOG.md.", "diff --git a/CHANGELOG.md");
    assertThat(stats)
        .containsExactlyInAnyOrder(
            new FileStat("CHANGELOG.md", 3, 0, false), new FileStat("README.md", 1, 0, false));
  }

  @Test
  void fileStatsMarkBinaryFiles() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    Git git = new Git(repo);
    String base = git.resolve("main").orElseThrow();
    Files.write(repo.resolve("logo.bin"), new byte[] {0, 1, 2, 0, 3, 0, 4});
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "binary");
    String head = git.resolve("main").orElseThrow();
    RepositoryLocation location = RepositoryLocation.parse("local:" + repo);
    PullRequestRef pr =
        new PullRequestRef(
            "local", location.canonical(), location.key(), 9, "x", "main", "main", base, head);

    assertThat(new LocalCodeHost(prs).fileStats(pr))
        .containsExactly(new FileStat("logo.bin", 0, 0, true));
  }
}
