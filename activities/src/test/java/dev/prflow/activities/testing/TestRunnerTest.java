package dev.prflow.activities.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.process.ProcessCancelledException;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import dev.prflow.workflows.model.TestCounts;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

    TestRun run = runner.run(git, git.resolve("main").orElseThrow(), Heartbeat.NONE).run();

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

    TestRun run = runner.run(git, broken, Heartbeat.NONE).run();

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

    TestRun run = runner.run(git, good, Heartbeat.NONE).run();

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
  }

  @Test
  void slowTestsTimeOutQuickly() throws IOException {
    Git git = demoRepo();
    String slow = commit(git, ".prflow.yml", "test_command: sleep 30\ntimeout: 1\n");

    long started = System.nanoTime();
    TestRun run = runner.run(git, slow, Heartbeat.NONE).run();
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(run.status()).isEqualTo(TestRun.TIMED_OUT);
    assertThat(run.exitCode()).isNull();
    assertThat(run.reason()).startsWith("timeout: tests ran longer than 1 s");
    assertThat(elapsedMs).isLessThan(15_000);
  }

  @Test
  void withoutAnyTestCommandTheTestsAreNotRun() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("plain"));
    Git git = new Git(dir);
    git.run("init", "--quiet", "-b", "main");
    String head = commit(git, "README.md", "no config here\n");

    TestRun run = runner.run(git, head, Heartbeat.NONE).run();

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

    TestRun run = withDefault.run(git, head, Heartbeat.NONE).run();

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
    assertThat(run.command()).isEqualTo("sh check.sh");
    assertThat(run.outputTail()).contains("checked 1");
  }

  @Test
  void aBrokenConfigIsAnError() throws IOException {
    Git git = demoRepo();
    String head = commit(git, ".prflow.yml", "test_command: [sh, run-tests.sh]\n");

    TestRun run = runner.run(git, head, Heartbeat.NONE).run();

    assertThat(run.status()).isEqualTo(TestRun.ERROR);
    assertThat(run.reason())
        .isEqualTo(".prflow.yml line 1: test_command must be a non-empty string");
  }

  @Test
  void theScratchWorktreeIsRemovedAfterwards() throws IOException {
    Git git = demoRepo();
    String head = git.resolve("HEAD").orElseThrow();

    runner.run(git, head, Heartbeat.NONE).run();
    String failing = commit(git, ".prflow.yml", "test_command: exit 4\n");
    TestRun failed = runner.run(git, failing, Heartbeat.NONE).run();

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

    TestRun run = runner.run(git, head, Heartbeat.NONE).run();

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
    assertThat(run.outputTail()).contains("PATH=").contains("CI=true");
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

    TestRun run = runner.run(git, head, Heartbeat.NONE).run();

    // CI=true is prflow's own setting, made whether or not the worker itself runs under CI.
    assertThat(run.outputTail().lines()).contains("CI=true");
    assertThat(run.outputTail()).contains("PATH=");
    Map<String, String> inherited = System.getenv();
    for (String name : inherited.keySet()) {
      boolean allowed =
          Environment.BASICS.contains(name)
              || Stream.of("CI", "HOME", "PWD", "SHLVL", "_", "OLDPWD").anyMatch(name::equals);
      if (!allowed) {
        assertThat(run.outputTail().lines())
            .as("variable %s must not reach the tests", name)
            .noneMatch(line -> line.startsWith(name + "="));
      }
    }
  }

  private Git emptyRepo(String name) throws IOException {
    Git git = new Git(Files.createDirectories(temp.resolve(name)));
    git.run("init", "--quiet", "-b", "main");
    return git;
  }

  private static final String POM =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>demo</groupId>
        <artifactId>calc</artifactId>
        <version>1.0</version>
        <properties>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <dependencies>
          <dependency>
            <groupId>org.junit.jupiter</groupId>
            <artifactId>junit-jupiter</artifactId>
            <version>6.1.3</version>
            <scope>test</scope>
          </dependency>
        </dependencies>
        <build>
          <plugins>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-compiler-plugin</artifactId>
              <version>3.16.0</version>
              <configuration><release>17</release></configuration>
            </plugin>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-surefire-plugin</artifactId>
              <version>3.6.1</version>
            </plugin>
          </plugins>
        </build>
      </project>
      """;

  @Test
  void aMavenProjectIsDetectedAndItsSurefireReportsAreCounted() throws IOException {
    Git git = emptyRepo("maven");
    commit(git, "pom.xml", POM);
    String passing =
        commit(
            git,
            "src/test/java/demo/MathTest.java",
            """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;

            class MathTest {
              @Test
              void adds() {
                assertEquals(4, 2 + 2);
              }

              @Test
              void multiplies() {
                assertEquals(6, 2 * 3);
              }
            }
            """);
    git.run("checkout", "--quiet", "-b", "broken");
    String failing =
        commit(
            git,
            "src/test/java/demo/DivisionTest.java",
            """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;

            class DivisionTest {
              @Test
              void dividesEvenly() {
                assertEquals(4, 7 / 2, "seven halves");
              }
            }
            """);
    TestRunner offline =
        new TestRunner(new Worktrees(workRoot), "false", Duration.ofMinutes(3), true);

    TestRun passed = offline.run(git, passing, Heartbeat.NONE).run();
    TestRun failed = offline.run(git, failing, Heartbeat.NONE).run();

    assertThat(passed.status()).as(passed.outputTail()).isEqualTo(TestRun.PASSED);
    assertThat(passed.command()).isEqualTo("mvn -B -q -o test");
    assertThat(passed.reason()).contains("detected maven");
    assertThat(passed.counts()).isEqualTo(new TestCounts(2, 0, 0, 0, 1));
    assertThat(passed.failures()).isEmpty();

    assertThat(failed.status()).isEqualTo(TestRun.FAILED);
    assertThat(failed.counts().passed()).isEqualTo(2);
    assertThat(failed.counts().failed()).isEqualTo(1);
    assertThat(failed.counts().reports()).isEqualTo(2);
    assertThat(failed.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("demo.DivisionTest.dividesEvenly");
              assertThat(f.message()).startsWith("seven halves ==> expected: <4> but was: <3>");
              assertThat(f.file()).isEqualTo("src/test/java/demo/DivisionTest.java");
            });
    assertThat(failed.reason()).startsWith("test command exited with 1");
    try (Stream<Path> leftovers = Files.list(workRoot)) {
      assertThat(leftovers).isEmpty();
    }
  }

  @Test
  void aPytestProjectIsDetectedAndItsReportReadFromTheScratchDirectory() throws IOException {
    assumeTrue(
        ProcessRunner.run(
                ProcessSpec.of(
                    temp, Duration.ofSeconds(30), "python3", "-m", "pytest", "--version"))
            .succeeded(),
        "pytest is not installed");
    Git git = emptyRepo("python");
    commit(git, "calc.py", "def divide(a, b):\n    return a // b\n");
    String head =
        commit(
            git,
            "tests/test_calc.py",
            """
            from calc import divide

            def test_divides():
                assert divide(8, 2) == 4

            def test_rounds():
                assert divide(7, 2) == 4, "seven halves"
            """);
    commit(git, "conftest.py", "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n");
    head = git.resolve("HEAD").orElseThrow();

    TestRun run = runner.run(git, head, Heartbeat.NONE).run();

    assertThat(run.status()).as(run.outputTail()).isEqualTo(TestRun.FAILED);
    assertThat(run.command()).startsWith("python3 -m pytest --junitxml=");
    assertThat(run.counts()).isEqualTo(new TestCounts(1, 1, 0, 0, 1));
    assertThat(run.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("tests.test_calc.test_rounds");
              assertThat(f.message()).contains("seven halves");
              assertThat(f.file()).isEqualTo("tests/test_calc.py");
            });
    try (Stream<Path> leftovers = Files.list(workRoot)) {
      assertThat(leftovers).as("worktree and scratch directory").isEmpty();
    }
  }

  @Test
  void aTimeoutKillsTheWholeProcessTreeAndStillReadsTheReports() throws Exception {
    Git git = demoRepo();
    Path pidFile = temp.resolve("background.pid");
    String head =
        commit(
            git,
            ".prflow.yml",
            """
            test_command: |
              printf '<testsuite name="slow"><testcase classname="demo.Slow" name="starts"/></testsuite>' > junit.xml
              sh -c 'sleep 300 & echo $! > %s; sleep 300'
            timeout: 2
            """
                .formatted(pidFile));

    long started = System.nanoTime();
    TestRun run = runner.run(git, head, Heartbeat.NONE).run();
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(run.status()).isEqualTo(TestRun.TIMED_OUT);
    assertThat(run.reason())
        .startsWith("timeout: tests ran longer than 2 s; the process tree was killed");
    assertThat(run.exitCode()).isNull();
    assertThat(run.counts()).isEqualTo(new TestCounts(1, 0, 0, 0, 1));
    assertThat(elapsedMs).isLessThan(20_000);
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(eventuallyGone(pid)).as("background sleep %d is gone", pid).isTrue();
    try (Stream<Path> leftovers = Files.list(workRoot)) {
      assertThat(leftovers).isEmpty();
    }
    assertThat(git.lines("worktree", "list")).hasSize(1);
  }

  /** Dead or a zombie waiting for a parent that may never reap it. */
  private static boolean eventuallyGone(long pid) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      Path stat = Path.of("/proc/" + pid + "/stat");
      String state;
      try {
        String text = Files.readString(stat);
        state = text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
      } catch (IOException gone) {
        return true;
      }
      if (state.equals("Z") || state.equals("X")) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Test
  void cancellingStopsTheTestsAndRemovesTheWorktree() throws IOException {
    Git git = demoRepo();
    String head = commit(git, ".prflow.yml", "test_command: sleep 300\n");
    AtomicInteger beats = new AtomicInteger();
    List<String> progress = new CopyOnWriteArrayList<>();
    Heartbeat cancelAfterAFewBeats =
        message -> {
          progress.add(message);
          return beats.incrementAndGet() < 3;
        };

    long started = System.nanoTime();
    assertThatThrownBy(() -> runner.run(git, head, cancelAfterAFewBeats))
        .isInstanceOf(ProcessCancelledException.class);

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(15_000);
    assertThat(beats).hasValue(3);
    assertThat(progress).allMatch(p -> p.startsWith("tests running for "));
    try (Stream<Path> leftovers = Files.list(workRoot)) {
      assertThat(leftovers).isEmpty();
    }
  }

  @Test
  void theFullOutputIsCappedAt1MegabyteAndTheTailAt16Kilobytes() throws IOException {
    Git git = demoRepo();
    String head =
        commit(
            git,
            ".prflow.yml",
            "test_command: \"yes 'héllo wörld' | head -c 3000000; echo; echo THE END\"\n");

    TestExecution execution = runner.run(git, head, Heartbeat.NONE);

    TestRun run = execution.run();
    assertThat(run.status()).isEqualTo(TestRun.PASSED);
    assertThat(run.outputTruncated()).isTrue();
    assertThat(execution.fullOutput().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TestRunner.MAX_OUTPUT)
        .isGreaterThan(TestRunner.MAX_OUTPUT - 4);
    assertThat(run.outputTail().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TestRunner.TAIL_BYTES)
        .isGreaterThan(TestRunner.TAIL_BYTES - 4);
    assertThat(execution.fullOutput()).endsWith(run.outputTail()).endsWith("THE END\n");
  }

  @Test
  void aShortOutputIsKeptWholeInBoth() {
    Git git = demoRepo();

    TestExecution execution = runner.run(git, git.resolve("HEAD").orElseThrow(), Heartbeat.NONE);

    assertThat(execution.fullOutput()).isEqualTo(execution.run().outputTail()).contains("PASS");
  }

  @Test
  void whenNothingRunsThereIsNoOutput() throws IOException {
    Git git = demoRepo();
    String head = commit(git, ".prflow.yml", "test_command: make test\ntimeout: 5\n  env: oops\n");

    TestExecution execution = runner.run(git, head, Heartbeat.NONE);

    assertThat(execution.fullOutput()).isNull();
    assertThat(execution.run().status()).isEqualTo(TestRun.ERROR);
    assertThat(execution.run().reason())
        .isEqualTo(".prflow.yml line 3: not valid YAML: mapping values are not allowed here");
  }

  @Test
  void aDetectedCommandIsPreferredToTheDefaultButNotToTheConfiguredOne() throws IOException {
    Git git = emptyRepo("go");
    commit(git, "go.mod", "module example.com/calc\n");
    String detected = commit(git, "calc.go", "package calc\n");
    String configured = commit(git, ".prflow.yml", "test_command: echo configured\n");
    TestRunner withDefault =
        new TestRunner(new Worktrees(workRoot), "echo default", Duration.ofSeconds(60));

    TestRun configuredRun = withDefault.run(git, configured, Heartbeat.NONE).run();
    TestRun detectedRun = withDefault.run(git, detected, Heartbeat.NONE).run();

    assertThat(configuredRun.command()).isEqualTo("echo configured");
    assertThat(configuredRun.reason()).isNull();
    assertThat(detectedRun.command()).isEqualTo("go test ./...");
    assertThat(detectedRun.reason()).contains("no test_command in .prflow.yml; detected go");
  }
}
