package dev.prflow.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.demo.DemoTask;
import dev.prflow.activities.demo.DemoTasks;
import dev.prflow.workflows.model.TaskStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prflow demo}: starts the stack on embedded defaults, creates a demo repository, submits
 * the bundled tasks over the REST API, shows each step as it happens and checks that each task ends
 * as designed: one PR whose tests pass, one whose tests fail.
 */
@Command(name = "demo", description = "Run the bundled demo tasks end to end and report.")
final class DemoCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      description = "Give up after this long: 110s by default; 3m, 2m30s, or bare seconds.")
  Duration timeout = Duration.ofSeconds(110);

  @Override
  public Integer call() throws Exception {
    Map<String, String> overrides =
        new java.util.HashMap<>(Map.of("PRFLOW_HTTP_PORT", "0", "PRFLOW_AGENT", "demo"));
    if (Sandboxes.missing(PrflowConfig.fromEnvironment(overrides))) {
      // The demo runs only its bundled agent and tests, so the first command works anywhere.
      overrides.put("PRFLOW_SANDBOX", "off");
      Console.say(
          "bubblewrap (bwrap) not found: the demo's bundled tests run unsandboxed"
              + " (prflow worker and dev need it)");
    }
    PrflowConfig config = PrflowConfig.fromEnvironment(overrides);
    Console.say("prflow demo: starting PostgreSQL, Temporal, a worker and the API…");
    // The demo's repositories are a repository root of their own, beside PRFLOW_REPO_ROOTS.
    Path demoRoot = config.home().resolve("demo");
    try (Stack stack =
        Stack.start(
            config,
            new Stack.Options(true, true, true, 0, false),
            List.of(demoRoot),
            Console::say)) {
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      Path repo =
          demoRoot
              .resolve("run-" + stamp + "-" + ProcessHandle.current().pid())
              .resolve("calculator");
      DemoRepository.create(repo);
      Console.say("demo repository: " + repo);
      String base = "http://127.0.0.1:" + stack.apiPort();
      String key = LocalApiKey.mint(stack.database(), config.home(), "demo");
      Console.say(
          "API key (admin): "
              + key
              + " (also in "
              + config.home().resolve(LocalApiKey.FILE)
              + ", mode 0600)");
      String bearer = "Bearer " + key;
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

      Map<Long, DemoTask> submitted = new LinkedHashMap<>();
      for (DemoTask task : DemoTasks.bundled()) {
        ObjectNode body = task.body().deepCopy();
        body.put("repository", "local:" + repo.toAbsolutePath());
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", bearer)
                    .header("Idempotency-Key", "demo-" + stamp + "-" + task.key())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
          Console.say(
              "submitting '" + task.key() + "' failed: HTTP " + r.statusCode() + " " + r.body());
          return 1;
        }
        long id = JSON.readTree(r.body()).path("id").asLong();
        submitted.put(id, task);
        Console.say(
            "task "
                + id
                + " submitted: "
                + body.path("title").asText()
                + " (designed to end "
                + task.expectedStatus()
                + ")");
      }

      Map<Long, JsonNode> finals = watch(http, base, bearer, submitted.keySet());
      return report(submitted, finals);
    }
  }

  private Map<Long, JsonNode> watch(HttpClient http, String base, String bearer, Iterable<Long> ids)
      throws Exception {
    Map<Long, String> lastStep = new LinkedHashMap<>();
    Map<Long, JsonNode> finals = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Long> open = new ArrayList<>();
    ids.forEach(open::add);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      for (Long id : List.copyOf(open)) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + id))
                    .header("Authorization", bearer)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode view = JSON.readTree(r.body());
        String status = view.path("status").asText();
        String step = view.path("current_step").asText(status);
        if (!step.equals(lastStep.get(id))) {
          lastStep.put(id, step);
          Console.say("task " + id + " → " + step);
        }
        if (TaskStatus.isTerminal(status)) {
          finals.put(id, view);
          open.remove(id);
        }
      }
      Thread.sleep(250);
    }
    return finals;
  }

  private static int report(Map<Long, DemoTask> submitted, Map<Long, JsonNode> finals) {
    Console.line("");
    Console.line("Demo results");
    boolean allAsDesigned = true;
    for (Map.Entry<Long, DemoTask> e : submitted.entrySet()) {
      long id = e.getKey();
      JsonNode view = finals.get(id);
      DemoTask task = e.getValue();
      if (view == null) {
        Console.line("  task " + id + " (" + task.key() + "): did not finish in time");
        allAsDesigned = false;
        continue;
      }
      String status = view.path("status").asText();
      boolean asDesigned = status.equals(task.expectedStatus());
      allAsDesigned &= asDesigned;
      JsonNode pr = view.path("pull_request");
      JsonNode tests = view.path("tests");
      Console.line("  task " + id + ": " + view.path("title").asText());
      Console.line(
          "    status:      "
              + status
              + (asDesigned ? "  (as designed)" : "  (expected " + task.expectedStatus() + ")"));
      Console.line(
          "    PR:          "
              + (pr.isMissingNode() || pr.isNull()
                  ? "none"
                  : "#" + pr.path("number").asInt() + " on branch " + pr.path("branch").asText()));
      Console.line(
          "    head commit: "
              + (pr.isMissingNode() || pr.isNull() ? "-" : pr.path("head_sha").asText()));
      if (tests.isMissingNode() || tests.isNull()) {
        Console.line("    tests:       not run" + reason(view));
      } else {
        Console.line(
            "    tests:       "
                + tests.path("status").asText()
                + " ("
                + tests.path("command").asText()
                + ", exit "
                + tests.path("exit_code").asText()
                + ", "
                + tests.path("duration_ms").asLong()
                + " ms)");
        String failing =
            tests
                .path("output_tail")
                .asText()
                .lines()
                .filter(l -> l.startsWith("FAIL"))
                .findFirst()
                .orElse(null);
        if (failing != null) {
          Console.line("    first failure: " + failing);
        }
      }
    }
    Console.line("");
    Console.line(
        allAsDesigned ? "Both tasks ended as designed." : "Some tasks did not end as designed.");
    return allAsDesigned ? 0 : 1;
  }

  private static String reason(JsonNode view) {
    String r = view.path("outcome_reason").asText("");
    return r.isEmpty() ? "" : " — " + r;
  }
}
