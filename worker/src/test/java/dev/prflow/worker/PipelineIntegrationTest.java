package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.api.ApiDependencies;
import dev.prflow.api.ApiServer;
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
        *)
          printf '%s\\n' "Notes for task $PRFLOW_TASK_ID" > NOTES.md ;;
      esac
      echo "agent done"
      """;

  @TempDir static Path home;

  private static TemporalRuntime temporal;
  private static Database db;
  private static WorkerHost worker;
  private static Javalin api;
  private static String base;
  private static Path repo;

  @BeforeAll
  static void start() throws Exception {
    Path script = home.resolve("agent.sh");
    Files.writeString(script, AGENT_SCRIPT);
    PrflowConfig config =
        PrflowConfig.from(
            Map.of(
                "PRFLOW_HOME", home.toString(),
                "PRFLOW_AGENT", "command",
                "PRFLOW_AGENT_COMMAND", "sh " + script + " {prompt_file}",
                "PRFLOW_TASK_QUEUE", "pipeline-test",
                "PRFLOW_SHUTDOWN_GRACE", "2s"));
    temporal = TemporalLauncher.startInMemory(0, "default");
    db = TestPostgres.freshDatabase();
    worker = new WorkerHost(temporal.client(), config, db).start();
    api =
        ApiServer.create(new ApiDependencies(db, temporal.client(), config.taskQueue(), null))
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + api.port();
    repo = DemoRepository.create(home.resolve("calculator"));
  }

  @AfterAll
  static void stop() {
    api.stop();
    worker.close();
    temporal.close();
    db.close();
  }

  @Test
  void taskEndsCompletedWithItsBranchCommittedAndTestsRun() throws Exception {
    long id = submit("Write notes for the calculator");
    JsonNode view = awaitTerminal(id);

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
    JsonNode view = awaitTerminal(id);

    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.VALIDATION_FAILED);
    JsonNode tests = view.path("tests");
    assertThat(tests.path("status").asText()).isEqualTo("failed");
    assertThat(tests.path("exit_code").asInt()).isEqualTo(1);
    assertThat(tests.path("output_tail").asText()).contains("FAIL addsTwoNumbers");
    assertThat(view.path("failure_reason").asText()).contains("tests failed");
    assertThat(view.path("validation").path("verdict").asText()).isEqualTo("fail");
  }

  private static long submit(String title) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "title",
                title,
                "repository",
                "local:" + repo,
                "acceptance_criteria",
                java.util.List.of("sh run-tests.sh passes")));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asLong();
  }

  private static JsonNode awaitTerminal(long id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode view = null;
    while (System.nanoTime() < deadline) {
      view =
          JSON.readTree(
              HTTP.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + id)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      if (TaskStatus.isTerminal(view.path("status").asText())) {
        return view;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("task " + id + " did not finish: " + view);
  }
}
