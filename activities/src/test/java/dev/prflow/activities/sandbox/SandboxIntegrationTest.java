package dev.prflow.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.AgentActivitiesImpl;
import dev.prflow.activities.agent.CommandAgent;
import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.activities.testing.TestRunner;
import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real bubblewrap sandbox around a hostile agent command and a hostile test command, with the
 * real git that prflow then runs on their work. The test JVM holds sentinel secrets in its own
 * environment (surefire's {@code environmentVariables}); nothing sandboxed may find them.
 *
 * <p>Everything lives under {@code target/}, not {@code /tmp}: the sandbox's private {@code /tmp}
 * would hide a temporary directory anyway and prove nothing about {@code $PRFLOW_HOME}.
 */
class SandboxIntegrationTest {

  private static final String SENTINEL_PREFIX = "ghp_sentinel";

  private static Database db;
  private static TaskStore tasks;
  private static AgentRunStore runs;

  private Path root;
  private Path home;
  private Path repo;
  private Path markers;
  private Sandbox sandbox;

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
  void setUp() throws IOException {
    assertThat(System.getenv("GITHUB_TOKEN"))
        .as("surefire sets a sentinel GITHUB_TOKEN for this test (activities/pom.xml)")
        .startsWith(SENTINEL_PREFIX);
    Path bwrap =
        Sandbox.findBubblewrap(System.getenv("PATH"))
            .orElseThrow(
                () -> new AssertionError("bwrap is not installed (scripts/test installs it)"));
    root = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "sandbox-");
    root = root.toAbsolutePath();
    home = Files.createDirectories(root.resolve("prflow-home"));
    Files.writeString(home.resolve("secret.txt"), "worker secret");
    repo = DemoRepository.create(home.resolve("repos").resolve("calc"));
    markers = Files.createDirectories(root.resolve("markers"));
    sandbox = Sandbox.bubblewrap(bwrap, List.of(home, Path.of(System.getProperty("user.home"))));
  }

  @AfterEach
  void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Shell lines that report what a sandboxed command can see, into {@code $report}. */
  private String snoop() {
    Path userHome = Path.of(System.getProperty("user.home"));
    return String.join(
        "\n",
        "found=none",
        "for f in /proc/[0-9]*/environ; do",
        "  if grep -a -q " + SENTINEL_PREFIX + " \"$f\" 2>/dev/null; then found=\"$f\"; fi",
        "done",
        "echo \"environ-sentinel: $found\" >> \"$report\"",
        "echo \"env-sentinel: $(env | grep -c " + SENTINEL_PREFIX + ")\" >> \"$report\"",
        "for p in /proc/[0-9]*; do",
        "  echo \"process: $(tr '\\0' ' ' < $p/cmdline 2>/dev/null)\" >> \"$report\"",
        "done",
        "echo \"prflow-home: $(ls -A '" + home + "' 2>&1 | tr '\\n' ' ')\" >> \"$report\"",
        "if cat '" + home.resolve("secret.txt") + "' >/dev/null 2>&1; then",
        "  echo 'secret: READ' >> \"$report\"; else echo 'secret: hidden' >> \"$report\"; fi",
        "echo \"user-home: $(ls -A '" + userHome + "' 2>&1 | tr '\\n' ' ')\" >> \"$report\"",
        "for f in '"
            + root.resolve("outside.txt")
            + "' /etc/prflow-sandbox-test '"
            + userHome.resolve("prflow-sandbox-test")
            + "'; do",
        "  if (echo x > \"$f\") 2>/dev/null; then echo \"write: WROTE $f\" >> \"$report\";",
        "  else echo \"write: denied $f\" >> \"$report\"; fi",
        "done");
  }

  private void assertSawNothing(String report) {
    assertThat(report).contains("environ-sentinel: none", "env-sentinel: 0", "secret: hidden");
    assertThat(report).doesNotContain("worker secret");
    List<String> writes = report.lines().filter(l -> l.startsWith("write: ")).toList();
    assertThat(writes).hasSize(3);
    // Under /tmp (a checkout there) the sandbox's private /tmp takes the write: it succeeds inside
    // and never reaches the host, which the last assertion below checks. Elsewhere it is refused.
    boolean rootUnderTmp = root.toAbsolutePath().startsWith(Path.of("/tmp"));
    assertThat(writes)
        .allMatch(
            l ->
                l.startsWith("write: denied")
                    || (rootUnderTmp && l.equals("write: WROTE " + root.resolve("outside.txt"))));
    assertThat(report.lines().filter(l -> l.startsWith("process: ")))
        .isNotEmpty()
        .noneMatch(l -> l.contains("surefire") || l.contains("java"));
    String homeListing =
        report.lines().filter(l -> l.startsWith("prflow-home: ")).findFirst().orElseThrow();
    assertThat(homeListing).doesNotContain("secret.txt");
    Path userHome = Path.of(System.getProperty("user.home")).toAbsolutePath();
    String userListing =
        report.lines().filter(l -> l.startsWith("user-home: ")).findFirst().orElseThrow();
    try (Stream<Path> entries = Files.list(userHome)) {
      entries
          .filter(e -> !root.startsWith(e))
          .forEach(e -> assertThat(userListing).doesNotContain(e.getFileName().toString()));
    } catch (IOException unreadable) {
      throw new AssertionError(unreadable);
    }
    assertThat(root.resolve("outside.txt")).doesNotExist();
  }

  @Test
  void aHostileAgentNeitherPlantsARunningHookNorSeesAnySecret() throws IOException {
    String hook = "#!/bin/sh\\necho ran >> '" + markers.resolve("hook-ran") + "'\\n";
    String script =
        String.join(
            "\n",
            "report=\"$PWD/hostile-report.txt\"",
            "plant() { printf \"" + hook + "\" > \"$1\" && chmod +x \"$1\"; }",
            "common=$(git rev-parse --path-format=absolute --git-common-dir)",
            "own=$(git rev-parse --absolute-git-dir)",
            "for d in \"$common/hooks\" \"$own/hooks\"; do",
            "  for h in post-commit post-checkout reference-transaction pre-commit; do",
            "    mkdir -p \"$d\" 2>/dev/null",
            "    if (plant \"$d/$h\") 2>/dev/null; then echo \"hook: WROTE $d/$h\" >> \"$report\";",
            "    else echo \"hook: denied $d/$h\" >> \"$report\"; fi",
            "  done",
            "done",
            "if git config core.hooksPath \"$PWD/.githooks\" 2>/dev/null; then",
            "  echo 'config: WROTE' >> \"$report\"; else echo 'config: denied' >> \"$report\"; fi",
            "mkdir -p .githooks && plant .githooks/post-commit",
            snoop(),
            "echo 'a change' > CHANGE.md",
            // Last: the worktree's .git becomes a repository of the agent's, hooks and all.
            "rm .git && git init -q . && git config core.hooksPath .git/hooks",
            "git config core.fsmonitor \"$PWD/.git/hooks/post-commit\"",
            "for h in post-commit post-checkout reference-transaction pre-commit; do",
            "  plant .git/hooks/$h; done",
            "echo done");
    long id = TestTasks.insert(tasks, "Hostile agent", "local:" + repo);
    TaskSpec task =
        new TaskSpec(
            id,
            "Hostile agent",
            "",
            List.of(),
            List.of(),
            "medium",
            "low",
            "local:" + repo,
            "main",
            null,
            null);
    AgentActivitiesImpl activities =
        new AgentActivitiesImpl(
            new CommandAgent(script, Duration.ofSeconds(60), sandbox, List.of()),
            runs,
            new Worktrees(home.resolve("work")),
            home.resolve("work").resolve("prompts"));

    AgentRunResult result =
        activities.runAgent(new AgentRunRequest(task, 1, "default", "do something"));

    Git git = new Git(repo);
    assertThat(result.changedFiles()).contains("CHANGE.md", "hostile-report.txt");
    String report = git.run("show", result.headSha() + ":hostile-report.txt");
    assertThat(report.lines().filter(l -> l.startsWith("hook: ")))
        .hasSize(8)
        .allMatch(l -> l.startsWith("hook: denied"));
    assertThat(report).contains("config: denied");
    assertSawNothing(report);
    // prflow committed (reference-transaction, post-commit) and will check the branch out for
    // its tests (post-checkout): none of the planted hooks ran.
    Path worktree = new Worktrees(root.resolve("checkout")).addDetached(git, "t", result.headSha());
    assertThat(markers.resolve("hook-ran")).doesNotExist();
    assertThat(Files.readString(repo.resolve(".git/config"))).doesNotContain("hooksPath");
    assertThat(Files.exists(worktree.resolve("CHANGE.md"))).isTrue();
  }

  @Test
  void aHostileTestCommandSeesNoSecretNoWorkerAndWritesOnlyItsWorktree() throws IOException {
    Git git = new Git(repo);
    Files.writeString(
        repo.resolve("snoop.sh"), "report=\"$PWD/report.txt\"\n" + snoop() + "\ncat \"$report\"\n");
    Files.writeString(repo.resolve(".prflow.yml"), "test_command: sh snoop.sh\n");
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "snoop");
    TestRunner runner =
        new TestRunner(new Worktrees(home.resolve("work")), null, Duration.ofSeconds(60), false)
            .withSandbox(sandbox, true);

    TestRun run = runner.run(git, git.resolve("HEAD").orElseThrow(), Heartbeat.NONE).run();

    assertThat(run.status()).as(run.outputTail()).isEqualTo(TestRun.PASSED);
    assertSawNothing(run.outputTail());
  }

  @Test
  void withTheTestNetworkOffTheTestsCannotReachALocalListener() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Git git = new Git(repo);
      Files.writeString(
          repo.resolve(".prflow.yml"),
          "test_command: bash -c 'echo probe > /dev/tcp/127.0.0.1/"
              + listener.getLocalPort()
              + "'\n");
      git.run("add", "-A");
      git.run("commit", "--quiet", "-m", "probe");
      String head = git.resolve("HEAD").orElseThrow();
      Worktrees worktrees = new Worktrees(home.resolve("work"));

      TestRun online =
          new TestRunner(worktrees, null, Duration.ofSeconds(60), false)
              .withSandbox(sandbox, true)
              .run(git, head, Heartbeat.NONE)
              .run();
      TestRun offline =
          new TestRunner(worktrees, null, Duration.ofSeconds(60), false)
              .withSandbox(sandbox, false)
              .run(git, head, Heartbeat.NONE)
              .run();

      assertThat(online.status()).as(online.outputTail()).isEqualTo(TestRun.PASSED);
      assertThat(offline.status()).isEqualTo(TestRun.FAILED);
      assertThat(offline.outputTail()).containsIgnoringCase("refused");
    }
  }

  @Test
  void aDaemonisedGrandchildDiesWithTheSandboxOnTimeout() throws IOException {
    String marker = "prflow-daemon-" + UUID.randomUUID();
    Path worktree = Files.createDirectories(home.resolve("work").resolve("daemon"));
    String script =
        "(setsid sh -c 'sleep 3600; : "
            + marker
            + "' </dev/null >/dev/null 2>&1 &) ; echo started; sleep 3600";
    ProcessSpec spec =
        sandbox.confine(
            new ProcessSpec(
                List.of("sh", "-c", script),
                worktree,
                Map.of("PATH", System.getenv("PATH")),
                null,
                Duration.ofSeconds(3),
                8192),
            new SandboxMounts(List.of(worktree), List.of(), true));
    AtomicBoolean seenAlive = new AtomicBoolean();

    ProcessResult result =
        ProcessRunner.run(
            spec,
            () -> {
              seenAlive.compareAndSet(false, daemonAlive(marker));
              return true;
            });

    assertThat(result.timedOut()).isTrue();
    assertThat(result.output()).contains("started");
    assertThat(seenAlive).as("the daemon ran while the command did").isTrue();
    assertThat(daemonAlive(marker)).as("the daemon outlived its sandbox").isFalse();
  }

  private static boolean daemonAlive(String marker) {
    return ProcessHandle.allProcesses()
        .anyMatch(
            p ->
                p.isAlive()
                    && p.info()
                        .arguments()
                        .map(a -> String.join(" ", a))
                        .map(a -> a.contains(marker) && !a.contains("setsid"))
                        .orElse(false));
  }
}
