package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.TestRepositoryRoots;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Temporal dev server ({@code temporal server start-dev --headless}), steered with the
 * temporal CLI as a user would: REST submit → CLI signal approve → CLI query → CLI list by search
 * attribute → {@code temporal workflow show --output json} → {@code prflow replay}. Skipped, saying
 * why, only when no temporal CLI can be found; scripts/test installs one when Go is present.
 */
class RealServerEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path home;

  @Test
  void restSubmitCliApproveQueryShowAndReplay() throws Exception {
    Optional<Path> cli = findCli();
    if (cli.isEmpty()) {
      say("SKIPPED: no temporal CLI on PATH, at PRFLOW_TEMPORAL_CLI or in $(go env GOPATH)/bin");
      Assumptions.abort(
          "no temporal CLI found; install it with go install"
              + " github.com/temporalio/cli/cmd/temporal@v1.5.1");
    }
    PrflowConfig config =
        PrflowConfig.from(
            TestRepositoryRoots.withRoot(
                home,
                Map.of(
                    "PRFLOW_HOME",
                    home.toString(),
                    "PRFLOW_AGENT",
                    "demo",
                    "PRFLOW_TEMPORAL_CLI",
                    cli.get().toString(),
                    "PRFLOW_TASK_QUEUE",
                    "e2e",
                    "PRFLOW_SHUTDOWN_GRACE",
                    "2s")));
    try (TemporalRuntime temporal = TemporalLauncher.launch(config, 0, false, this::say);
        Database db = TestPostgres.freshDatabase();
        WorkerHost worker = new WorkerHost(temporal.client(), config, db).start()) {
      say(SearchAttributes.register(temporal.stubs(), "default"));
      Javalin api =
          ApiServer.create(
                  new ApiDependencies(
                      db,
                      temporal.client(),
                      "e2e",
                      null,
                      null,
                      config.repositoryRoots(java.util.List.of(), warning -> {})))
              .start("127.0.0.1", 0);
      try {
        TaskApiCalls.authorize("http://127.0.0.1:" + api.port(), db);
        run(cli.get(), temporal.address(), "http://127.0.0.1:" + api.port());
      } finally {
        api.stop();
      }
    }
  }

  private void run(Path cli, String address, String base) throws Exception {
    Path repo = DemoRepository.create(TestRepositoryRoots.directory(home).resolve("calculator"));
    String body =
        JSON.writeValueAsString(
            Map.of(
                "title",
                "Add multiplication to the calculator",
                "repository",
                "local:" + repo,
                "require_approval",
                true));
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .header("Authorization", TaskApiCalls.authorization(base))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long id = JSON.readTree(created.body()).path("id").asLong();
    String workflowId = "task-" + id;
    say("REST submit: task " + id + " created, workflow " + workflowId);

    awaitStep(base, id, TaskStatus.AWAITING_APPROVAL);
    say("task " + id + " waits for approval");

    ProcessResult query =
        temporal(
            cli, address, "workflow", "query", "--workflow-id", workflowId, "--name", "status");
    assertThat(query.output()).contains("awaiting_approval").contains("last_verdict");
    say("CLI query status: ok (step awaiting_approval)");

    ProcessResult badRetry =
        temporalAllowingFailure(
            cli,
            address,
            "workflow",
            "update",
            "execute",
            "--workflow-id",
            workflowId,
            "--name",
            "retry",
            "--input",
            "{\"strategy\":\"yolo\"}");
    assertThat(badRetry.exitCode()).as(badRetry.output()).isNotZero();
    assertThat(badRetry.output()).contains("unknown strategy yolo");
    say("CLI update retry with an unknown strategy: rejected by the validator, workflow unharmed");

    ProcessResult signal =
        temporal(
            cli,
            address,
            "workflow",
            "signal",
            "--workflow-id",
            workflowId,
            "--name",
            "approve",
            "--input",
            "{\"by\":\"alice\",\"comment\":\"approved from the CLI\"}");
    assertThat(signal.exitCode()).as(signal.output()).isZero();
    say("CLI signal approve: ok");

    JsonNode view = TaskApiCalls.awaitTerminal(base, id);
    assertThat(view.path("status").asText()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(view.path("outcome_reason").asText()).isEqualTo("approved by alice via temporal");
    assertThat(view.path("failure_reason").isNull()).isTrue();
    say("task " + id + " completed: " + view.path("outcome_reason").asText());

    // Visibility is eventually consistent: give the list a few seconds to catch up.
    ProcessResult list =
        temporal(cli, address, "workflow", "list", "--query", "TaskStatus='completed'");
    for (int i = 0; i < 20 && !list.output().contains(workflowId); i++) {
      Thread.sleep(500);
      list = temporal(cli, address, "workflow", "list", "--query", "TaskStatus='completed'");
    }
    assertThat(list.output()).contains(workflowId);
    say("CLI list --query \"TaskStatus='completed'\": ok (" + workflowId + " listed)");

    Path exported = home.resolve(workflowId + ".json");
    ProcessResult show =
        temporal(cli, address, "workflow", "show", "--workflow-id", workflowId, "--output", "json");
    Files.writeString(exported, show.output());
    say("CLI workflow show --output json: " + Files.size(exported) + " bytes");

    String replayed = ReplayCommand.replay(exported);
    assertThat(replayed).startsWith("ok");
    say("prflow replay: " + replayed);
  }

  private ProcessResult temporalAllowingFailure(Path cli, String address, String... args) {
    List<String> command = new ArrayList<>(List.of(cli.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--address", address, "--namespace", "default"));
    return ProcessRunner.run(
        new ProcessSpec(command, home, null, null, Duration.ofSeconds(60), 8 << 20));
  }

  private ProcessResult temporal(Path cli, String address, String... args) {
    ProcessResult result = temporalAllowingFailure(cli, address, args);
    assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.output()).isZero();
    return result;
  }

  static Optional<Path> findCli() {
    String configured = System.getenv("PRFLOW_TEMPORAL_CLI");
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "temporal"));
      }
    }
    String gopath = System.getenv("GOPATH");
    candidates.add(
        gopath != null
            ? Path.of(gopath, "bin", "temporal")
            : Path.of(System.getProperty("user.home"), "go", "bin", "temporal"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  private void say(String line) {
    System.out.println("E2E: " + line);
  }

  private static void awaitStep(String base, long id, String step) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode view = TaskApiCalls.get(base, id);
      if (step.equals(view.path("current_step").asText())) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("task " + id + " never reached " + step);
  }
}
