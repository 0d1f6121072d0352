package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prflow.activities.agent.CodingAgent;
import dev.prflow.activities.agent.CommandAgent;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.store.AgentRunRow;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentActivitiesImplTest {

  private static final String PROMPT = "# Add a changelog\n\nWrite CHANGELOG.md, please.\n";

  private static Database db;
  private static TaskStore tasks;
  private static AgentRunStore runs;

  @TempDir Path temp;

  private Path repo;
  private Git git;
  private Path workRoot;
  private Path promptDir;
  private Path counter;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    tasks = new TaskStore(db.jdbi());
    runs = new AgentRunStore(db.jdbi());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void setUp() {
    repo = DemoRepository.create(temp.resolve("calc"));
    git = new Git(repo);
    workRoot = temp.resolve("work");
    promptDir = temp.resolve("prompts");
    counter = temp.resolve("agent-runs.txt");
  }

  private TaskSpec task(String title) {
    String repository = "local:" + repo;
    long id = TestTasks.insert(tasks, title, repository);
    return new TaskSpec(
        id, title, "", List.of(), List.of(), "medium", "low", repository, "main", null, null);
  }

  private AgentActivitiesImpl activities(CodingAgent agent) {
    return new AgentActivitiesImpl(agent, runs, new Worktrees(workRoot), promptDir);
  }

  /** An agent that records each run outside the repository, then runs {@code script}. */
  private CommandAgent countingAgent(String script) {
    return new CommandAgent("echo run >> '" + counter + "'; " + script, Duration.ofSeconds(30));
  }

  private long agentInvocations() throws IOException {
    return Files.exists(counter) ? Files.readAllLines(counter).size() : 0;
  }

  @Test
  void agentChangesAreCommittedOnTheAttemptBranch() throws IOException {
    TaskSpec task = task("Add a changelog");
    String base = git.resolve("main").orElseThrow();

    AgentRunResult result =
        activities(countingAgent("cat > NOTES.md; echo done"))
            .runAgent(new AgentRunRequest(task, 1, "default", PROMPT));

    String branch = "prflow/task-" + task.id() + "-1";
    assertThat(result.branch()).isEqualTo(branch);
    assertThat(result.reused()).isFalse();
    assertThat(result.agent()).isEqualTo("command");
    assertThat(result.baseSha()).isEqualTo(base);
    assertThat(result.headSha()).isEqualTo(git.resolve("refs/heads/" + branch).orElseThrow());
    assertThat(result.changedFiles()).containsExactly("NOTES.md");
    assertThat(git.run("rev-list", "--count", "main.." + branch).strip()).isEqualTo("1");
    assertThat(git.run("log", "-1", "--format=%B", branch))
        .contains("prflow: Add a changelog", "Task " + task.id() + ", attempt 1");
    assertThat(git.run("show", branch + ":NOTES.md")).isEqualTo(PROMPT);
    assertThat(git.resolve("main").orElseThrow()).isEqualTo(base);
    assertThat(runs.forTask(task.id()))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.status()).isEqualTo(AgentRunStore.SUCCEEDED);
              assertThat(row.headSha()).isEqualTo(result.headSha());
              assertThat(row.baseSha()).isEqualTo(base);
              assertThat(row.outputTail()).contains("done");
            });
  }

  @Test
  void thePromptFileIsPassedToTheAgentAndRemovedAfterwards() throws IOException {
    TaskSpec task = task("Copy the prompt");

    AgentRunResult result =
        activities(new CommandAgent("cp {prompt_file} PROMPT_COPY.md", Duration.ofSeconds(30)))
            .runAgent(new AgentRunRequest(task, 1, "default", PROMPT));

    assertThat(git.run("show", result.headSha() + ":PROMPT_COPY.md")).isEqualTo(PROMPT);
    try (Stream<Path> prompts = Files.list(promptDir)) {
      assertThat(prompts).isEmpty();
    }
    try (Stream<Path> worktrees = Files.list(workRoot)) {
      assertThat(worktrees).isEmpty();
    }
    assertThat(git.lines("worktree", "list")).hasSize(1);
  }

  @Test
  void runningTheSameAttemptAgainReusesTheBranchWithoutRunningTheAgent() throws IOException {
    TaskSpec task = task("Add a changelog twice");
    AgentActivitiesImpl activities =
        activities(countingAgent("cat > NOTES.md")).withRunIdentity(() -> "run-1");
    AgentRunRequest request = new AgentRunRequest(task, 1, "default", PROMPT);

    AgentRunResult first = activities.runAgent(request);
    AgentRunResult second = activities.runAgent(request);

    assertThat(second.reused()).isTrue();
    assertThat(second.headSha()).isEqualTo(first.headSha());
    assertThat(second.baseSha()).isEqualTo(first.baseSha());
    assertThat(second.branch()).isEqualTo(first.branch());
    assertThat(second.changedFiles()).containsExactly("NOTES.md");
    assertThat(agentInvocations()).isEqualTo(1);
    assertThat(git.run("rev-list", "--count", "main.." + first.branch()).strip()).isEqualTo("1");
    assertThat(git.lines("branch", "--list", "prflow/*")).hasSize(1);
    assertThat(runs.forTask(task.id()))
        .singleElement()
        .extracting(AgentRunRow::status)
        .isEqualTo(AgentRunStore.SUCCEEDED);
  }

  @Test
  void aCommitLeftByAnotherRunOfTheSameTaskIdIsNotReused() throws IOException {
    // A fresh database numbers tasks from 1 again while the repository keeps its branches.
    TaskSpec task = task("Same id, new run");
    AgentRunRequest request = new AgentRunRequest(task, 1, "default", PROMPT);
    AgentRunResult earlier =
        activities(countingAgent("cat > NOTES.md"))
            .withRunIdentity(() -> "run-of-yesterday")
            .runAgent(request);

    AgentRunResult now =
        activities(countingAgent("cat > NOTES.md; echo today >> NOTES.md"))
            .withRunIdentity(() -> "run-of-today")
            .runAgent(request);

    assertThat(now.reused()).isFalse();
    assertThat(now.headSha()).isNotEqualTo(earlier.headSha());
    assertThat(agentInvocations()).isEqualTo(2);
    assertThat(git.run("show", now.headSha() + ":NOTES.md")).endsWith("today\n");
    assertThat(git.run("log", "-1", "--format=%B", now.headSha())).contains("run run-of-today");
    assertThat(
            git.resolve(
                "prflow/task-" + task.id() + "-1-stale-" + earlier.headSha().substring(0, 7)))
        .as("the other run's work is kept under another name")
        .contains(earlier.headSha());
  }

  @Test
  void theBranchOfATryKilledBeforeCommittingIsDeletedWithItsWorktreeNotKeptAsStale()
      throws IOException {
    TaskSpec task = task("Killed mid-agent");
    String branch = "prflow/task-" + task.id() + "-1";
    // What kill -9 of a worker leaves: the branch at the base commit, checked out in a scratch
    // worktree holding the agent's uncommitted edits.
    Path leftover = workRoot.resolve("agent-task-" + task.id() + "-1-killed");
    Files.createDirectories(workRoot);
    git.run("worktree", "add", "--quiet", "-b", branch, leftover.toString(), "main");
    Files.writeString(leftover.resolve("HALF_DONE.md"), "interrupted\n");

    AgentRunResult result =
        activities(countingAgent("cat > NOTES.md"))
            .withRunIdentity(() -> "run-after-the-kill")
            .runAgent(new AgentRunRequest(task, 1, "default", PROMPT));

    assertThat(result.reused()).isFalse();
    assertThat(result.changedFiles()).containsExactly("NOTES.md");
    assertThat(agentInvocations()).isEqualTo(1);
    assertThat(git.lines("branch", "--list", "--format=%(refname:short)", "prflow/*"))
        .containsExactly(branch);
    assertThat(git.resolve("refs/heads/" + branch)).contains(result.headSha());
    assertThat(leftover).doesNotExist();
    assertThat(git.lines("worktree", "list")).hasSize(1);
  }

  @Test
  void theEmptyBranchOfAnotherWorkersKilledTryIsDeletedWithThatWorktree() throws IOException {
    TaskSpec task = task("Killed on the other worker");
    String branch = "prflow/task-" + task.id() + "-1";
    Path otherWorkRoot = temp.resolve("other-worker/work");
    Path leftover = otherWorkRoot.resolve("agent-task-" + task.id() + "-1-4711");
    Files.createDirectories(otherWorkRoot);
    git.run("worktree", "add", "--quiet", "-b", branch, leftover.toString(), "main");

    AgentRunResult result =
        activities(countingAgent("cat > NOTES.md"))
            .runAgent(new AgentRunRequest(task, 1, "default", PROMPT));

    assertThat(result.reused()).isFalse();
    assertThat(git.lines("branch", "--list", "--format=%(refname:short)", "prflow/*"))
        .containsExactly(branch);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void aPersonsWorktreeOnAnEmptyLeftoverBranchIsLeftAloneAndTheBranchKeptAsStale()
      throws IOException {
    TaskSpec task = task("Someone checked it out");
    String branch = "prflow/task-" + task.id() + "-1";
    Path theirs = temp.resolve("alice-looks-at-it");
    git.run("worktree", "add", "--quiet", "-b", branch, theirs.toString(), "main");
    String base = git.resolve("main").orElseThrow();

    AgentRunResult result =
        activities(countingAgent("cat > NOTES.md"))
            .runAgent(new AgentRunRequest(task, 1, "default", PROMPT));

    assertThat(result.reused()).isFalse();
    assertThat(theirs.resolve("README.md")).exists();
    assertThat(git.resolve(branch + "-stale-" + base.substring(0, 7))).contains(base);
  }

  @Test
  void aLeftoverBranchBehindTheBaseHoldsNoWorkAndIsDeleted() throws IOException {
    TaskSpec task = task("Leftover behind main");
    String branch = "prflow/task-" + task.id() + "-1";
    String old = git.resolve("main").orElseThrow();
    Files.writeString(repo.resolve("LATER.md"), "main moved on\n");
    git.run("add", "LATER.md");
    git.run("commit", "--quiet", "-m", "main moves on");
    git.run("branch", branch, old);

    AgentRunResult result =
        activities(countingAgent("cat > NOTES.md"))
            .runAgent(new AgentRunRequest(task, 1, "default", PROMPT));

    assertThat(result.reused()).isFalse();
    assertThat(result.baseSha()).isEqualTo(git.resolve("main").orElseThrow());
    assertThat(git.lines("branch", "--list", "--format=%(refname:short)", "prflow/*"))
        .containsExactly(branch);
  }

  @Test
  void aLeftoverBranchWithWorkInAKilledTrysWorktreeIsKeptAsStale() throws IOException {
    TaskSpec task = task("Leftover with work");
    String branch = "prflow/task-" + task.id() + "-1";
    Path leftover = workRoot.resolve("agent-task-" + task.id() + "-1-killed");
    Files.createDirectories(workRoot);
    git.run("worktree", "add", "--quiet", "-b", branch, leftover.toString(), "main");
    Files.writeString(leftover.resolve("WORK.md"), "someone's work\n");
    Git left = new Git(leftover);
    left.run("add", "WORK.md");
    left.run("commit", "--quiet", "-m", "work without this run's trailer");
    String work = git.resolve("refs/heads/" + branch).orElseThrow();

    AgentRunResult result =
        activities(countingAgent("cat > NOTES.md"))
            .runAgent(new AgentRunRequest(task, 1, "default", PROMPT));

    assertThat(result.reused()).isFalse();
    assertThat(git.resolve(branch + "-stale-" + work.substring(0, 7)))
        .as("work is never deleted")
        .contains(work);
    assertThat(git.resolve("refs/heads/" + branch)).contains(result.headSha());
  }

  @Test
  void anotherAttemptGetsItsOwnBranchAndRow() throws IOException {
    TaskSpec task = task("Two attempts");
    AgentActivitiesImpl activities = activities(countingAgent("cat > NOTES.md"));

    AgentRunResult first = activities.runAgent(new AgentRunRequest(task, 1, "default", PROMPT));
    AgentRunResult second =
        activities.runAgent(new AgentRunRequest(task, 2, "retry", PROMPT + "again\n"));

    assertThat(second.branch()).isEqualTo("prflow/task-" + task.id() + "-2");
    assertThat(second.reused()).isFalse();
    assertThat(second.headSha()).isNotEqualTo(first.headSha());
    assertThat(agentInvocations()).isEqualTo(2);
    assertThat(runs.forTask(task.id())).extracting(AgentRunRow::attempt).containsExactly(1, 2);
  }

  @Test
  void anAgentThatChangesNothingFailsWithoutRetryAndLeavesNoBranch() {
    TaskSpec task = task("Do nothing");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                activities(countingAgent("echo nothing to do"))
                    .runAgent(new AgentRunRequest(task, 1, "default", PROMPT)));

    assertThat(failure.getType()).isEqualTo(AgentActivitiesImpl.NO_CHANGES);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(git.branchExists("prflow/task-" + task.id() + "-1")).isFalse();
    AgentRunRow row = runs.find(task.id(), 1).orElseThrow();
    assertThat(row.status()).isEqualTo(AgentRunStore.FAILED);
    assertThat(row.error()).contains("made no changes");
  }

  @Test
  void anAgentThatExitsNonZeroFailsRetryably() {
    TaskSpec task = task("Crash");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                activities(countingAgent("echo partial > PARTIAL.md; echo giving up; exit 3"))
                    .runAgent(new AgentRunRequest(task, 1, "default", PROMPT)));

    assertThat(failure.getType()).isEqualTo(AgentActivitiesImpl.FAILED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("exited with 3", "giving up");
    assertThat(git.branchExists("prflow/task-" + task.id() + "-1")).isFalse();
    AgentRunRow row = runs.find(task.id(), 1).orElseThrow();
    assertThat(row.status()).isEqualTo(AgentRunStore.FAILED);
    assertThat(row.outputTail()).contains("giving up");
  }

  @Test
  void aRetryAfterAFailedTryRunsTheAgentAgainAndSucceeds() throws IOException {
    TaskSpec task = task("Flaky");
    Path flag = temp.resolve("failed-once");
    AgentActivitiesImpl activities =
        activities(
            countingAgent(
                "if [ ! -e '"
                    + flag
                    + "' ]; then touch '"
                    + flag
                    + "'; exit 3; fi; cat > NOTES.md"));
    AgentRunRequest request = new AgentRunRequest(task, 1, "default", PROMPT);

    catchThrowableOfType(ApplicationFailure.class, () -> activities.runAgent(request));
    AgentRunResult retried = activities.runAgent(request);

    assertThat(retried.reused()).isFalse();
    assertThat(agentInvocations()).isEqualTo(2);
    assertThat(git.run("show", retried.headSha() + ":NOTES.md")).isEqualTo(PROMPT);
    assertThat(runs.forTask(task.id()))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.status()).isEqualTo(AgentRunStore.SUCCEEDED);
              assertThat(row.error()).isNull();
            });
  }
}
