package dev.prflow.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.demo.DemoTask;
import dev.prflow.activities.demo.DemoTasks;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.api.ApiDependencies;
import dev.prflow.api.ApiServer;
import dev.prflow.worker.PrflowConfig;
import dev.prflow.worker.TemporalLauncher;
import dev.prflow.worker.TemporalRuntime;
import dev.prflow.worker.WorkerHost;
import dev.prflow.workflows.model.TaskStatus;
import io.javalin.Javalin;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people's commands against a real API: a worker with the demo agent, Temporal's in-memory
 * server, PostgreSQL and the demo's calculator repository.
 */
class CliAgainstApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;

  private static TemporalRuntime temporal;
  private static Database db;
  private static WorkerHost worker;
  private static Javalin api;
  private static Path repo;
  private static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    PrflowConfig config =
        PrflowConfig.from(
            Map.of(
                "PRFLOW_HOME", home.toString(),
                "PRFLOW_AGENT", "demo",
                "PRFLOW_TASK_QUEUE", "cli-test",
                "PRFLOW_SHUTDOWN_GRACE", "2s"));
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
                    config.repositoryRoots(List.of(), warning -> {})))
            .start("127.0.0.1", 0);
    // Under the default root, $PRFLOW_HOME/repos.
    repo = DemoRepository.create(home.resolve("repos").resolve("calculator"));
    env =
        Map.of(
            "PRFLOW_API_URL",
            "http://127.0.0.1:" + api.port(),
            "PRFLOW_API_KEY",
            TestApiKeys.admin(db),
            "PRFLOW_HOME",
            home.toString());
  }

  @AfterAll
  static void stop() {
    api.stop();
    worker.close();
    temporal.close();
    db.close();
  }

  @Test
  void submitFollowOfTheMultiplyTaskShowsEachStepAndExitsZero() throws Exception {
    CliRun run = CliRun.run(env, "submit", demoTaskFile("multiply").toString(), "--follow");

    assertThat(run.exit()).as(run.all()).isZero();
    long id = taskId(run.out());
    assertThat(run.out())
        .contains("task " + id + " submitted: Add multiplication to the calculator")
        .contains("→ running_agent (attempt 1, initial)")
        .containsPattern(
            "→ validating_pr \\(PR #\\d+ on prflow/task-" + id + "-1 at [0-9a-f]{12}\\)")
        .contains("task " + id + " completed: Add multiplication to the calculator")
        .contains("PR:         #")
        .contains("on branch prflow/task-" + id + "-1 at ")
        .contains("tests:      passed (sh run-tests.sh, exit 0")
        .contains("verdict:    pass, score ")
        .containsPattern(
            "report:     http://127\\.0\\.0\\.1:\\d+/api/v1/validations/\\d+/report\\.md");
    assertThat(run.out().indexOf("→ validating_pr"))
        .isGreaterThan(run.out().indexOf("→ running_agent"));
    assertThat(run.out()).doesNotContain("\r");
  }

  @Test
  void submitFollowOfThePercentTaskEndsValidationFailedAndExitsOne() throws Exception {
    CliRun run = CliRun.run(env, "submit", demoTaskFile("percent").toString(), "--follow");

    assertThat(run.exit()).as(run.all()).isEqualTo(1);
    long id = taskId(run.out());
    assertThat(run.out())
        .contains("task " + id + " validation_failed: Add a percentage helper")
        .contains("tests:      failed (sh run-tests.sh, exit 1")
        .contains("verdict:    fail");
  }

  @Test
  void showAndReportPrintTheTaskAndItsMarkdown() throws Exception {
    long id = submit(task("Write notes for the CLI's show", Map.of()));
    JsonNode view = awaitStep(id, TaskStatus.COMPLETED);

    CliRun show = CliRun.run(env, "show", Long.toString(id));
    CliRun json = CliRun.run(env, "show", Long.toString(id), "--json");
    String validation = view.path("validation").path("id").asText();
    CliRun report = CliRun.run(env, "report", validation);

    assertThat(show.exit()).as(show.all()).isZero();
    assertThat(show.out())
        .contains("task " + id + " completed: Write notes for the CLI's show")
        .contains("repository: local:" + repo + " (base main)")
        .contains("agent runs:")
        .contains("#1 initial (demo): succeeded, prflow/task-" + id + "-1 at ")
        .contains("verdict:    pass")
        .contains("(prflow report " + validation + ")");
    assertThat(json.exit()).isZero();
    assertThat(JSON.readTree(json.out()).path("id").asLong()).isEqualTo(id);
    assertThat(report.exit()).as(report.all()).isZero();
    assertThat(report.out())
        .contains("# prflow validation report")
        .contains("**Verdict: pass**")
        .contains("sh run-tests.sh");
  }

  @Test
  void tasksListsTheNewestTasksAsATable() throws Exception {
    long first = submit(task("Write notes for listing one", Map.of()));
    long second = submit(task("Write notes for listing two", Map.of()));

    CliRun run = CliRun.run(env, "tasks", "--limit", "2");

    assertThat(run.exit()).as(run.all()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).startsWith("ID").contains("STATUS").contains("TITLE");
    assertThat(lines[1]).startsWith(second + " ").contains("Write notes for listing two");
    assertThat(lines[2]).startsWith(first + " ").contains("Write notes for listing one");
    assertThat(run.out()).containsPattern("more: prflow tasks --after " + first);
    CliRun bad = CliRun.run(env, "tasks", "--status", "sleeping");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("prflow: 400 ").contains("status");
  }

  @Test
  void followWaitsAtApprovalSaysHowAndEndsCompletedOnceApproved() throws Exception {
    Path file = writeTask(task("Write notes that need approval", Map.of("require_approval", true)));
    StringWriter out = new StringWriter();
    CompletableFuture<CliRun> follow =
        CompletableFuture.supplyAsync(
            () -> CliRun.run(env, "", out, "submit", file.toString(), "--follow", "--poll", "200"));
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!out.toString().contains("waiting for approval") && System.nanoTime() < deadline) {
      assertThat(follow).as(out.toString()).isNotDone();
      Thread.sleep(100);
    }
    long id = taskId(out.toString());
    assertThat(out.toString())
        .contains("→ awaiting_approval")
        .contains("waiting for approval: prflow approve " + id + " [--comment TEXT]");

    CliRun approve = CliRun.run(env, "approve", Long.toString(id), "--comment", "looks right");
    CliRun followed = follow.get(60, TimeUnit.SECONDS);

    assertThat(approve.exit()).as(approve.all()).isZero();
    assertThat(approve.out()).contains("task " + id + ": approved");
    assertThat(followed.exit()).as(followed.all()).isZero();
    assertThat(followed.out()).contains("task " + id + " completed");
  }

  @Test
  void rejectWithACommentEndsATaskWithoutAttemptsLeftRejected() throws Exception {
    long id =
        submit(
            task(
                "Write notes to be rejected", Map.of("require_approval", true, "max_attempts", 1)));
    awaitStep(id, TaskStatus.AWAITING_APPROVAL);

    CliRun reject = CliRun.run(env, "reject", Long.toString(id), "--comment", "wrong scope");

    assertThat(reject.exit()).as(reject.all()).isZero();
    assertThat(reject.out()).contains("task " + id + ": rejected");
    assertThat(awaitStep(id, TaskStatus.REJECTED).path("status").asText())
        .isEqualTo(TaskStatus.REJECTED);
  }

  @Test
  void cancelEndsAWaitingTaskCancelled() throws Exception {
    long id = submit(task("Write notes to be cancelled", Map.of("require_approval", true)));
    awaitStep(id, TaskStatus.AWAITING_APPROVAL);

    CliRun cancel = CliRun.run(env, "cancel", Long.toString(id), "--reason", "not needed");

    assertThat(cancel.exit()).as(cancel.all()).isZero();
    assertThat(cancel.out()).contains("task " + id + ": cancelling");
    assertThat(awaitStep(id, TaskStatus.CANCELLED).path("status").asText())
        .isEqualTo(TaskStatus.CANCELLED);
    CliRun again = CliRun.run(env, "cancel", Long.toString(id));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("409 ").contains("has ended (cancelled)");
  }

  @Test
  void retryOfAWaitingTaskStartsTheNamedStrategyAtOnce() throws Exception {
    long id = submit(task("Write notes to be retried", Map.of("require_approval", true)));
    awaitStep(id, TaskStatus.AWAITING_APPROVAL);

    CliRun retry = CliRun.run(env, "retry", Long.toString(id), "--strategy", "simplified_scope");

    assertThat(retry.exit()).as(retry.all()).isZero();
    assertThat(retry.out())
        .contains("task " + id + ": retry accepted as attempt 2 (simplified_scope), starting now");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode view = view(id);
    while (view.path("agent_runs").size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      view = view(id);
    }
    assertThat(view.path("agent_runs").findValuesAsText("strategy"))
        .containsExactly("initial", "simplified_scope");
    assertThat(CliRun.run(env, "cancel", Long.toString(id)).exit()).isZero();
    CliRun unknown = CliRun.run(env, "retry", Long.toString(id), "--strategy", "magic");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("prflow: 4");
  }

  @Test
  void retryOfAValidationFailedTaskStartsANewRunThatContinuesTheAttempts() throws Exception {
    CliRun submitted = CliRun.run(env, "submit", demoTaskFile("percent").toString(), "--follow");
    long id = taskId(submitted.out());
    int before = view(id).path("agent_runs").size();

    CliRun retry = CliRun.run(env, "retry", Long.toString(id), "--strategy", "regenerate_prompt");

    assertThat(retry.exit()).as(retry.all()).isZero();
    assertThat(retry.out())
        .contains(
            "task "
                + id
                + ": retry accepted as attempt "
                + (before + 1)
                + " (regenerate_prompt), a new run of the ended task, starting now");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode view = view(id);
    while ((view.path("agent_runs").size() <= before
            || !TaskStatus.isTerminal(view.path("status").asText()))
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      view = view(id);
    }
    assertThat(view.path("agent_runs").findValuesAsText("attempt"))
        .as(view.toString())
        .hasSize(before + 1)
        .endsWith(Integer.toString(before + 1));
    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.VALIDATION_FAILED);
  }

  @Test
  void retryOfACompletedTaskExitsOneWith409() throws Exception {
    long id = submit(task("Write notes that need no retry", Map.of()));
    awaitStep(id, TaskStatus.COMPLETED);

    CliRun retry = CliRun.run(env, "retry", Long.toString(id));

    assertThat(retry.exit()).isEqualTo(1);
    assertThat(retry.err()).contains("409 ").contains("completed");
  }

  @Test
  void unknownTaskExitsOneWithTheApiError() {
    CliRun run = CliRun.run(env, "show", "987654");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).isEqualTo("prflow: 404 not_found: no task with id 987654");
  }

  @Test
  void sameIdempotencyKeyFromStdinGivesTheSameTask() throws Exception {
    String body = JSON.writeValueAsString(task("Write notes once only", Map.of()));

    CliRun first = CliRun.withStdin(env, body, "submit", "-", "--idempotency-key", "cli-once");
    CliRun again = CliRun.withStdin(env, body, "submit", "-", "--idempotency-key", "cli-once");

    assertThat(first.exit()).as(first.all()).isZero();
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out().strip()).isEqualTo(first.out().strip()).matches("\\d+");
    assertThat(again.err()).contains("Idempotency-Key was sent before");
  }

  @Test
  void invalidTaskExitsOneNamingTheField() throws Exception {
    CliRun run =
        CliRun.withStdin(
            env, "{\"title\":\"\",\"repository\":\"local:" + repo + "\"}", "submit", "-");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("prflow: 400 ").contains("title:");
  }

  private static ObjectNode task(String title, Map<String, Object> extra) {
    ObjectNode task = JSON.createObjectNode();
    task.put("title", title);
    task.put("repository", "local:" + repo);
    task.putArray("acceptance_criteria").add("sh run-tests.sh passes");
    task.put("max_attempts", 1);
    extra.forEach((k, v) -> task.set(k, JSON.valueToTree(v)));
    return task;
  }

  private static Path demoTaskFile(String key) throws Exception {
    DemoTask demo =
        DemoTasks.bundled().stream().filter(t -> t.key().equals(key)).findFirst().orElseThrow();
    ObjectNode body = demo.body().deepCopy();
    body.put("repository", "local:" + repo);
    return writeTask(body);
  }

  private static Path writeTask(ObjectNode body) throws Exception {
    Path file = Files.createTempFile(home, "task-", ".json");
    Files.writeString(file, JSON.writeValueAsString(body));
    return file;
  }

  private static long submit(ObjectNode body) throws Exception {
    CliRun run = CliRun.run(env, "submit", writeTask(body).toString());
    assertThat(run.exit()).as(run.all()).isZero();
    return Long.parseLong(run.out().strip());
  }

  private static JsonNode view(long id) throws Exception {
    CliRun run = CliRun.run(env, "show", Long.toString(id), "--json");
    assertThat(run.exit()).as(run.all()).isZero();
    return JSON.readTree(run.out());
  }

  /**
   * The view once the task's current step is {@code step} (and, for an end, its stored status too);
   * fails after 90 s.
   */
  private static JsonNode awaitStep(long id, String step) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode view = view(id);
    while (!reached(view, step) && System.nanoTime() < deadline) {
      assertThat(TaskStatus.isTerminal(view.path("status").asText()))
          .as("task ended before " + step + ": " + view)
          .isFalse();
      Thread.sleep(200);
      view = view(id);
    }
    assertThat(view.path("current_step").asText()).as(view.toString()).isEqualTo(step);
    return view;
  }

  private static boolean reached(JsonNode view, String step) {
    return step.equals(view.path("current_step").asText())
        && (!TaskStatus.isTerminal(step) || step.equals(view.path("status").asText()));
  }

  private static long taskId(String out) {
    Matcher m = Pattern.compile("task (\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Long.parseLong(m.group(1));
  }
}
