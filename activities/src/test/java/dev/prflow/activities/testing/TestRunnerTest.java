package dev.prflow.activities.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRunnerTest {

  @TempDir Path temp;

  private Path workRoot;
  private TestRunner runner;

  @BeforeEach
  void setUp() {
    workRoot = temp.resolve("work");
    runner = new TestRunner(new Worktrees(workRoot), null, Duration.ofMinutes(2));
  }

  private Git demoRepo() {
    return new Git(DemoRepository.create(temp.resolve("repo")));
  }

  private static String commit(Git git, String path, String content) throws IOException {
    Path file = git.directory().resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "change " + path);
    return git.resolve("HEAD").orElseThrow();
  }

  @Test
  void demoRepositoryTestsPass() {
    Git git = demoRepo();

    TestRun run = runner.run(git, git.resolve("main").orElseThrow(), Heartbeat.NONE);

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
    assertThat(run.passed()).isTrue();
    assertThat(run.exitCode()).isZero();
    assertThat(run.command()).isEqualTo("sh run-tests.sh");
    assertThat(run.outputTail()).contains("PASS addsTwoNumbers", "2 tests, 0 failures");
    assertThat(run.outputTruncated()).isFalse();
    assertThat(run.reason()).isNull();
  }

  @Test
  void aCommitThatBreaksATestFails() throws IOException {
    Git git = demoRepo();
    String calculator =
        Files.readString(git.directory().resolve("src/main/java/demo/Calculator.java"));
    String broken =
        commit(
            git,
            "src/main/java/demo/Calculator.java",
            calculator.replace("return a + b;", "return a * b;"));

    TestRun run = runner.run(git, broken, Heartbeat.NONE);

    assertThat(run.status()).isEqualTo(TestRun.FAILED);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.outputTail())
        .contains("FAIL addsTwoNumbers: expected 5 but was 6")
        .contains("PASS subtractsTwoNumbers");
    assertThat(run.reason()).contains("exited with 1");
  }

  @Test
  void testsRunOnTheGivenCommitNotTheCheckedOutOne() throws IOException {
    Git git = demoRepo();
    String good = git.resolve("HEAD").orElseThrow();
    commit(git, "src/main/java/demo/Calculator.java", "this does not compile");

    TestRun run = runner.run(git, good, Heartbeat.NONE);

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
  }

  @Test
  void slowTestsTimeOutQuickly() throws IOException {
    Git git = demoRepo();
    String slow = commit(git, ".prflow.yml", "test_command: sleep 30\ntimeout: 1\n");

    long started = System.nanoTime();
    TestRun run = runner.run(git, slow, Heartbeat.NONE);
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(run.status()).isEqualTo(TestRun.TIMED_OUT);
    assertThat(run.exitCode()).isNull();
    assertThat(run.reason()).contains("timed out after 1 s");
    assertThat(elapsedMs).isLessThan(15_000);
  }

  @Test
  void withoutAnyTestCommandTheTestsAreNotRun() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("plain"));
    Git git = new Git(dir);
    git.run("init", "--quiet", "-b", "main");
    String head = commit(git, "README.md", "no config here\n");

    TestRun run = runner.run(git, head, Heartbeat.NONE);

    assertThat(run.status()).isEqualTo(TestRun.NOT_RUN);
    assertThat(run.command()).isNull();
    assertThat(run.reason()).contains("test_command", "PRFLOW_TEST_COMMAND");
  }

  @Test
  void theDefaultCommandIsUsedWhenTheRepositoryNamesNone() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("plain"));
    Git git = new Git(dir);
    git.run("init", "--quiet", "-b", "main");
    String head = commit(git, "check.sh", "echo checked $(cat check.sh | wc -l)\n");
    TestRunner withDefault =
        new TestRunner(new Worktrees(workRoot), "sh check.sh", Duration.ofSeconds(30));

    TestRun run = withDefault.run(git, head, Heartbeat.NONE);

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
    assertThat(run.command()).isEqualTo("sh check.sh");
    assertThat(run.outputTail()).contains("checked 1");
  }

  @Test
  void aBrokenConfigIsAnError() throws IOException {
    Git git = demoRepo();
    String head = commit(git, ".prflow.yml", "test_command: [sh, run-tests.sh]\n");

    TestRun run = runner.run(git, head, Heartbeat.NONE);

    assertThat(run.status()).isEqualTo(TestRun.ERROR);
    assertThat(run.reason()).contains("test_command must be a non-empty string");
  }

  @Test
  void theScratchWorktreeIsRemovedAfterwards() throws IOException {
    Git git = demoRepo();
    String head = git.resolve("HEAD").orElseThrow();

    runner.run(git, head, Heartbeat.NONE);
    String failing = commit(git, ".prflow.yml", "test_command: exit 4\n");
    TestRun failed = runner.run(git, failing, Heartbeat.NONE);

    assertThat(failed.exitCode()).isEqualTo(4);
    try (Stream<Path> leftovers = Files.list(workRoot)) {
      assertThat(leftovers).isEmpty();
    }
    assertThat(git.lines("worktree", "list")).hasSize(1);
  }

  @Test
  void theTestProcessDoesNotSeeSecrets() throws IOException {
    Git git = demoRepo();
    String head = commit(git, ".prflow.yml", "test_command: env\n");

    TestRun run = runner.run(git, head, Heartbeat.NONE);

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
    assertThat(run.outputTail()).contains("PATH=");
    for (String name : System.getenv().keySet()) {
      if (Environment.isSecret(name)) {
        assertThat(run.outputTail().lines()).noneMatch(line -> line.startsWith(name + "="));
      }
    }
  }

  @Test
  void withAnEnvAllowlistOnlyBasicsAndListedNamesReachTheTests() throws IOException {
    Git git = demoRepo();
    String head = commit(git, ".prflow.yml", "test_command: env\nenv:\n  - HOME\n");

    TestRun run = runner.run(git, head, Heartbeat.NONE);

    assertThat(run.outputTail()).contains("PATH=");
    Map<String, String> inherited = System.getenv();
    for (String name : inherited.keySet()) {
      boolean allowed =
          Environment.BASICS.contains(name)
              || Stream.of("PWD", "SHLVL", "_", "OLDPWD").anyMatch(name::equals);
      if (!allowed) {
        assertThat(run.outputTail().lines())
            .as("variable %s must not reach the tests", name)
            .noneMatch(line -> line.startsWith(name + "="));
      }
    }
  }
}
