package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.TestRepositoryRoots;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.api.ApiDependencies;
import dev.prflow.api.ApiServer;
import dev.prflow.api.WorkflowStarter;
import dev.prflow.workflows.model.TaskStatus;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline for real: REST API, a worker, Temporal's in-memory server, PostgreSQL, a git
 * repository and the {@code command} agent running a small script.
 */
class PipelineIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Reads the prompt on stdin; breaks the adder when asked to, else adds a notes file. */
  private static final String AGENT_SCRIPT =
      """
      prompt=$(cat)
      test -s "$1" || { echo "prompt file missing" >&2; exit 9; }
      case "$prompt" in
        *"Break the adder"*)
          sed -i 's/return a + b;/return a - b;/' src/main/java/demo/Calculator.java ;;
        *"Ship the deploy credentials"*)
          sed -i 's/return a + b;/return a - b;/' src/main/java/demo/Calculator.java
          mkdir -p deploy
          printf 'aws_access_key_id: %s\naws_secret_access_key: %s\n' "$KEY_ID" "$KEY_SECRET" \
            > deploy/aws.yml ;;
        *"Never right"*)
          sed -i 's/return a + b;/return a - b;/' src/main/java/demo/Calculator.java
          echo "attempt $PRFLOW_ATTEMPT ($PRFLOW_STRATEGY)" >> ATTEMPTS.md ;;
        *"Take forever"*)
          echo $$ > "$PID_DIR/slow-agent-$PRFLOW_TASK_ID.pid"
          exec sleep 600 ;;
        *"Third time lucky"*)
          if [ "$PRFLOW_ATTEMPT" -lt 3 ]; then
            sed -i 's/return a + b;/return a - b;/' src/main/java/demo/Calculator.java
            echo "attempt $PRFLOW_ATTEMPT ($PRFLOW_STRATEGY)" >> ATTEMPTS.md
          else
            printf '%s\\n' "done right on attempt $PRFLOW_ATTEMPT" > NOTES.md
          fi ;;
        *)
          printf '%s\\n' "Notes for task $PRFLOW_TASK_ID" > NOTES.md ;;
      esac
      echo "agent done"
      """;

  /** A well-formed, never-issued AWS key pair: the scanner must find it and never show it whole. */
  private static final String KEY_ID = "AKIAZ7Q3M4XKJ2PBWN5R";

  private static final String KEY_SECRET = "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";

  @TempDir static Path home;

  private static TemporalRuntime temporal;
  private static Database db;
  private static WorkerHost worker;
  private static Javalin api;
  private static String base;
  private static String apiKey;
  private static Path repo;

  @BeforeAll
  static void start() throws Exception {
    Path script = home.resolve("agent.sh");
    Files.writeString(script, AGENT_SCRIPT);
    PrflowConfig config =
        PrflowConfig.from(
            TestRepositoryRoots.withRoot(
                home,
                Map.of(
                    "PRFLOW_HOME",
                    home.toString(),
                    "PRFLOW_AGENT",
                    "command",
                    "PRFLOW_AGENT_COMMAND",
                    "KEY_ID="
                        + KEY_ID
                        + " KEY_SECRET='"
                        + KEY_SECRET
                        + "' PID_DIR='"
                        + home
                        + "' sh "
                        + script
                        + " {prompt_file}",
                    "PRFLOW_TASK_QUEUE",
                    "pipeline-test",
                    "PRFLOW_SHUTDOWN_GRACE",
                    "2s",
                    // No workflow cache: every workflow task, the approvals' included, replays
                    // its workflow from the history, as after an eviction from a full cache.
                    "PRFLOW_WORKFLOW_CACHE",
                    "0",
                    // The agent script and its pid files live in the test's PRFLOW_HOME under
                    // /tmp, which the sandbox hides; the sandbox has its own tests
                    // (SandboxIntegrationTest), and DemoCommandTest runs the pipeline sandboxed.
                    "PRFLOW_SANDBOX",
                    "off")));
    temporal = TemporalLauncher.startInMemory(0, "default");
    db = TestPostgres.freshDatabase();
    worker = new WorkerHost(temporal.client(), config, db).start();
    api =
        ApiServer.create(
                new ApiDependencies(
                    db,
                    temporal.client(),
                    config.taskQueue(),
                    null,
                    null,
                    config.repositoryRoots(java.util.List.of(), warning -> {})))
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + api.port();
    repo = DemoRepository.create(TestRepositoryRoots.directory(home).resolve("calculator"));
    apiKey = TaskApiCalls.authorize(base, db);
  }

  /**
   * Every workflow these tests ran, exported as {@code temporal workflow show --output json} would
   * and replayed against this build. With {@code -Dprflow.record.histories=DIR} the histories are
   * also written there (scripts/record-histories refreshes the checked-in replay suite this way).
   */
  /** One after-all step, so the histories are exported while Temporal still runs. */
  @AfterAll
  static void exportHistoriesThenStop() throws Exception {
    try {
      exportAndReplayHistories();
    } finally {
      stop();
    }
  }

  private static void exportAndReplayHistories() throws Exception {
    Path out = Path.of("target", "histories");
    Files.createDirectories(out);
    java.util.List<String> ids =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select workflow_id from tasks union all select workflow_id from"
                                + " validation_reports")
                        .mapTo(String.class)
                        .list());
    java.util.List<String> failures = new java.util.ArrayList<>();
    for (String id : ids) {
      Path file = out.resolve(id + ".json");
      Files.writeString(file, temporal.client().fetchHistory(id).toJson(true));
      String outcome = ReplayCommand.replay(file);
      if (!outcome.startsWith("ok")) {
        failures.add(outcome);
      }
    }
    assertThat(failures).as("histories that do not replay").isEmpty();
    String record = System.getProperty("prflow.record.histories");
    if (record != null && !record.isBlank()) {
      Path target = Path.of(record);
      Files.createDirectories(target);
      for (var entry : RECORDED_VALIDATIONS.entrySet()) {
        String validation =
            db.jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "select workflow_id from validation_reports where task_id = :task"
                                    + " order by id limit 1")
                            .bind("task", entry.getKey())
                            .mapTo(String.class)
                            .one());
        Files.copy(
            out.resolve(validation + ".json"),
            target.resolve(entry.getValue() + ".json"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      for (var entry : RECORDED.entrySet()) {
        Files.copy(
            out.resolve(entry.getKey() + ".json"),
            target.resolve(entry.getValue() + ".json"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Workflow id to the name its history is kept under in the replay suite. */
  private static final Map<String, String> RECORDED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Task id to the name its PrValidation child's history is kept under. */
  private static final Map<Long, String> RECORDED_VALIDATIONS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static void record(long taskId, String name) {
    RECORDED.put("task-" + taskId, name);
  }

  private static void stop() {
    api.stop();
    worker.close();
    temporal.close();
    db.close();
  }

  @Test
  void taskEndsCompletedWithItsBranchCommittedAndTestsRun() throws Exception {
    long id = submit("Write notes for the calculator");
    record(id, "task-happy-path");
    RECORDED_VALIDATIONS.put(id, "validation-happy-path");
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.COMPLETED);
    JsonNode pr = view.path("pull_request");
    String branch = "prflow/task-" + id + "-1";
    assertThat(pr.path("branch").asText()).isEqualTo(branch);
    Git git = new Git(repo);
    assertThat(git.resolve("refs/heads/" + branch)).contains(pr.path("head_sha").asText());
    assertThat(git.run("log", "-1", "--format=%s", branch).strip())
        .isEqualTo("prflow: Write notes for the calculator");
    assertThat(git.run("show", branch + ":NOTES.md")).contains("Notes for task " + id);

    JsonNode tests = view.path("tests");
    assertThat(tests.path("status").asText()).isEqualTo("passed");
    assertThat(tests.path("output_tail").asText()).contains("PASS addsTwoNumbers");
    assertThat(new AgentRunStore(db.jdbi()).forTask(id))
        .singleElement()
        .satisfies(run -> assertThat(run.status()).isEqualTo("succeeded"));
  }

  @Test
  void taskWhosePullRequestBreaksTheTestsEndsValidationFailed() throws Exception {
    long id = submit("Break the adder");
    record(id, "task-validation-failed");
    RECORDED_VALIDATIONS.put(id, "validation-tests-failed");
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.VALIDATION_FAILED);
    JsonNode tests = view.path("tests");
    assertThat(tests.path("status").asText()).isEqualTo("failed");
    assertThat(tests.path("exit_code").asInt()).isEqualTo(1);
    assertThat(tests.path("output_tail").asText()).contains("FAIL addsTwoNumbers");
    assertThat(view.path("failure_reason").asText()).contains("tests failed");
    assertThat(view.path("validation").path("verdict").asText()).isEqualTo("fail");
  }

  @Test
  void addedAwsKeyPairAndBrokenTestFailAndTheSecretIsRedactedEverywhere() throws Exception {
    java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    JsonNode view;
    String validation;
    String markdown;
    try {
      System.setErr(new java.io.PrintStream(new TeeStream(original, logs), true));
      long id = submit("Ship the deploy credentials");
      view = TaskApiCalls.awaitTerminal(base, id);
      String reportUrl = view.path("validation").path("url").asText();
      validation = httpGet(reportUrl);
      markdown = httpGet(reportUrl + "/report.md");
    } finally {
      System.setErr(original);
    }

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.VALIDATION_FAILED);
    assertThat(view.path("validation").path("verdict").asText()).isEqualTo("fail");
    JsonNode report = JSON.readTree(validation);
    assertThat(report.path("findings").findValuesAsText("rule"))
        .contains("aws-access-key-id", "aws-secret-access-key");
    assertThat(report.path("tests").path("status").asText()).isEqualTo("failed");
    assertThat(markdown)
        .contains("deploy/aws.yml:1")
        .contains("AKIA…")
        .contains("FAIL addsTwoNumbers");

    String everythingTheApiSaid = view + validation + markdown;
    String everythingInTheDatabase =
        db.jdbi()
            .withHandle(
                h -> {
                  StringBuilder all = new StringBuilder();
                  for (String table :
                      h.createQuery(
                              "select table_name from information_schema.tables where"
                                  + " table_schema = 'public'")
                          .mapTo(String.class)
                          .list()) {
                    h.createQuery("select t::text from \"" + table + "\" t")
                        .mapTo(String.class)
                        .forEach(all::append);
                  }
                  return all.toString();
                });
    assertThat(everythingInTheDatabase).contains("AKIA…");
    for (String place :
        java.util.List.of(everythingTheApiSaid, everythingInTheDatabase, logs.toString())) {
      assertThat(place).doesNotContain(KEY_ID).doesNotContain(KEY_SECRET);
    }
  }

  /** Writes to two streams: the test still shows its logs while they are captured. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }

  private static String httpGet(String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", TestApiKeys.bearer(apiKey))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void everyStrategyOfTheLadderRunsBeforeTheTaskEndsValidationFailed() throws Exception {
    long id = submit("Never right", Map.of("max_attempts", 5));
    record(id, "task-every-strategy");
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.VALIDATION_FAILED);
    assertThat(new AgentRunStore(db.jdbi()).forTask(id))
        .extracting(dev.prflow.activities.store.AgentRunRow::strategy)
        .containsExactly(
            "initial",
            "fix_forward",
            "regenerate_prompt",
            "different_approach",
            "simplified_scope");
    assertThat(new dev.prflow.activities.store.PullRequestStore(db.jdbi()).forTask(id))
        .filteredOn(pr -> "open".equals(pr.state()))
        .hasSize(1);
  }

  @Test
  void rejectionWithNoAttemptLeftEndsRejected() throws Exception {
    long id =
        submit(
            "Write notes the reviewer dislikes",
            Map.of("require_approval", true, "max_attempts", 1));
    record(id, "task-rejected");
    awaitStatus(id, TaskStatus.AWAITING_APPROVAL);

    HttpResponse<String> reject =
        post("/api/v1/tasks/" + id + "/reject", "{\"comment\":\"not needed\"}");
    assertThat(reject.statusCode()).isEqualTo(202);
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.REJECTED);
    // The calling key's name (TaskApiCalls mints test-<n>) is who decided.
    assertThat(view.path("failure_reason").asText())
        .matches("rejected by test-\\d+ via api: not needed");
  }

  @Test
  void approvalTimeoutEndsTheTask() throws Exception {
    long id =
        submit(
            "Write notes nobody looks at",
            Map.of("require_approval", true, "approval_timeout", "2s"));
    record(id, "task-approval-timeout");
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.FAILED);
    assertThat(view.path("failure_reason").asText())
        .isEqualTo("no approval within 2s; the pull request stays open");
  }

  @Test
  void thirdAttemptSucceedsAfterFixForwardAndRegeneratePrompt() throws Exception {
    long id = submit("Third time lucky", Map.of("max_attempts", 3));
    record(id, "task-third-attempt-succeeds");
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(new AgentRunStore(db.jdbi()).forTask(id))
        .extracting(dev.prflow.activities.store.AgentRunRow::strategy)
        .containsExactly("initial", "fix_forward", "regenerate_prompt");
    var prs = new dev.prflow.activities.store.PullRequestStore(db.jdbi()).forTask(id);
    assertThat(prs)
        .extracting(
            dev.prflow.activities.store.PullRequestRow::headBranch,
            dev.prflow.activities.store.PullRequestRow::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("prflow/task-" + id + "-1", "superseded"),
            org.assertj.core.groups.Tuple.tuple("prflow/task-" + id + "-3", "open"));
    Git git = new Git(repo);
    assertThat(git.run("show", "prflow/task-" + id + "-1:ATTEMPTS.md"))
        .contains("attempt 1 (initial)")
        .contains("attempt 2 (fix_forward)");
  }

  @Test
  void approvalGateWaitsUntilApprovedOverRest() throws Exception {
    long id = submit("Write notes that need a reviewer", Map.of("require_approval", true));
    record(id, "task-approved");
    awaitStatus(id, TaskStatus.AWAITING_APPROVAL);

    HttpResponse<String> badRetry =
        post("/api/v1/codegen/retry/" + id, "{\"retry_options\":{\"strategy\":\"yolo\"}}");
    assertThat(badRetry.statusCode()).isEqualTo(400);
    assertThat(badRetry.body()).contains("retry_options.strategy");
    HttpResponse<String> approve =
        post("/api/v1/tasks/" + id + "/approve", "{\"comment\":\"lgtm\"}");
    assertThat(approve.statusCode()).isEqualTo(202);
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(view.path("outcome_reason").asText()).matches("approved by test-\\d+ via api");
    assertThat(view.path("failure_reason").isNull()).isTrue();
    assertThat(post("/api/v1/tasks/" + id + "/approve", "{}").statusCode()).isEqualTo(409);
    assertThat(post("/api/v1/codegen/retry/" + id, "{}").statusCode()).isEqualTo(409);
    // The request is judged before the task: an unknown strategy is a 400 even on an ended task.
    assertThat(
            post("/api/v1/codegen/retry/" + id, "{\"retry_options\":{\"strategy\":\"yolo\"}}")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void anApprovedTaskWithAutoMergeLandsInTheBaseBranch() throws Exception {
    long id =
        submit(
            "Write notes that merge themselves",
            Map.of("require_approval", true, "auto_merge", true, "max_attempts", 1));
    record(id, "task-approved-merged");
    awaitStatus(id, TaskStatus.AWAITING_APPROVAL);

    assertThat(post("/api/v1/tasks/" + id + "/approve", "{}").statusCode()).isEqualTo(202);
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(view.path("outcome_reason").asText())
        .matches("approved by test-\\d+ via api; merged into main as .*");
    Git git = new Git(repo);
    String head = view.path("pull_request").path("head_sha").asText();
    assertThat(git.exec("merge-base", "--is-ancestor", head, "main").succeeded()).isTrue();
    assertThat(view.path("pull_request").path("state").asText()).isEqualTo("merged");
  }

  @Test
  void restCancelEndsTheTaskAndClosesItsPullRequest() throws Exception {
    long id = submit("Write notes nobody will approve", Map.of("require_approval", true));
    record(id, "task-cancelled");
    awaitStatus(id, TaskStatus.AWAITING_APPROVAL);

    HttpResponse<String> cancel =
        post("/api/v1/tasks/" + id + "/cancel", "{\"reason\":\"no longer needed\"}");
    assertThat(cancel.statusCode()).isEqualTo(202);
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(view.path("failure_reason").asText())
        .matches("cancelled by test-\\d+: no longer needed");
    assertThat(new dev.prflow.activities.store.PullRequestStore(db.jdbi()).forTask(id))
        .singleElement()
        .satisfies(pr -> assertThat(pr.state()).isEqualTo("closed"));
  }

  @Test
  void restCancelKillsARunningAgentProcess() throws Exception {
    long id = submit("Take forever");
    Path pidFile = home.resolve("slow-agent-" + id + ".pid");
    long pid = 0;
    for (int i = 0; i < 600 && pid == 0; i++) {
      if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
        pid = Long.parseLong(Files.readString(pidFile).strip());
      } else {
        Thread.sleep(100);
      }
    }
    assertThat(pid).as("the agent started").isPositive();
    ProcessHandle agent = ProcessHandle.of(pid).orElseThrow();
    // Past the first heartbeat: later ones are throttled, which is what cancel has to get through.
    Thread.sleep(3_000);

    long asked = System.nanoTime();
    assertThat(post("/api/v1/tasks/" + id + "/cancel", "{\"reason\":\"too slow\"}").statusCode())
        .isEqualTo(202);
    for (int i = 0; i < 1200 && agent.isAlive(); i++) {
      Thread.sleep(50);
    }
    long killedAfterMs = (System.nanoTime() - asked) / 1_000_000;
    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(agent.isAlive()).as("the agent process is killed").isFalse();
    System.out.println("cancel → agent process gone after " + killedAfterMs + " ms");
    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.CANCELLED);
    Files.deleteIfExists(pidFile);
  }

  @Test
  void standaloneValidationOfAHumansBranchIsReusedForTheSameCommit() throws Exception {
    Git git = new Git(repo);
    git.run("branch", "human/feature", "main");
    Path work = home.resolve("human-work");
    git.run("worktree", "add", "--quiet", work.toString(), "human/feature");
    Files.writeString(work.resolve("CHANGELOG.md"), "- a human change\n");
    new Git(work).run("add", "-A");
    new Git(work).run("commit", "--quiet", "-m", "human change");
    git.run("worktree", "remove", "--force", work.toString());
    String body = "{\"repository\":\"local:" + repo + "\",\"head_branch\":\"human/feature\"}";

    HttpResponse<String> first = post("/api/v1/validations", body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    String workflowId = JSON.readTree(first.body()).path("workflow_id").asText();
    JsonNode report = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      report = JSON.readTree(httpGet("/api/v1/validations/" + workflowId));
      if ("completed".equals(report.path("status").asText())) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(report.path("verdict").asText()).isEqualTo("pass");
    assertThat(report.path("task_id").isNull()).isTrue();
    HttpResponse<String> again = post("/api/v1/validations", body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("workflow_id").asText()).isEqualTo(workflowId);
    assertThat(JSON.readTree(again.body()).path("report_id").asLong())
        .isEqualTo(report.path("id").asLong());
    assertThat(post("/api/v1/validations", "{\"repository\":\"local:" + repo + "\"}").statusCode())
        .isEqualTo(400);
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Authorization", TestApiKeys.bearer(apiKey))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitStatus(long id, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String seen = null;
    while (System.nanoTime() < deadline) {
      seen = JSON.readTree(httpGet("/api/v1/tasks/" + id)).path("current_step").asText();
      if (status.equals(seen)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("task " + id + " never reached " + status + "; last seen " + seen);
  }

  @Test
  void aTaskStoredBeforeItsRepositoryLeftTheRootsEndsFailedWithTheReason() throws Exception {
    // Stored as the API of an earlier configuration accepted it, then started by the reconciler.
    Path moved = DemoRepository.create(home.resolve("outside-the-roots").resolve("calculator"));
    TaskStore tasks = new TaskStore(db.jdbi());
    long id = TestTasks.insert(tasks, "Written before the roots changed", "local:" + moved);
    new WorkflowStarter(
            temporal.client(),
            "pipeline-test",
            null,
            new dev.prflow.activities.store.WorkflowExecutionStore(db.jdbi()))
        .start(tasks.find(id).orElseThrow());

    JsonNode view = TaskApiCalls.awaitTerminal(base, id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.FAILED);
    assertThat(view.path("failure_reason").asText())
        .contains(moved.toString())
        .contains("outside PRFLOW_REPO_ROOTS");
    assertThat(new AgentRunStore(db.jdbi()).forTask(id)).isEmpty();
    assertThat(new Git(moved).run("branch", "--list", "prflow/*")).isBlank();
  }

  private static long submit(String title) throws Exception {
    return submit(title, Map.of("max_attempts", 1));
  }

  private static long submit(String title, Map<String, Object> extra) throws Exception {
    Map<String, Object> task = new java.util.HashMap<>(extra);
    task.put("title", title);
    task.put("repository", "local:" + repo);
    task.put("acceptance_criteria", java.util.List.of("sh run-tests.sh passes"));
    String body = JSON.writeValueAsString(task);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestApiKeys.bearer(apiKey))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asLong();
  }
}
