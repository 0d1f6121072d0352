package dev.prflow.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds the API and its key, and how it says that something went wrong. */
class ApiSettingsAndErrorsTest {

  @TempDir Path home;

  @Test
  void keyFromPrflowHomeIsSentAsABearerToken() throws Exception {
    Files.writeString(home.resolve("api-key"), "pf_from_file\n");
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(json(200, "{\"items\":[],\"next_after\":null}"));
      api.start();

      CliRun run = CliRun.run(env(api, null), "tasks", "--status", "completed", "--limit", "5");

      assertThat(run.exit()).as(run.all()).isZero();
      assertThat(run.out()).contains("no tasks with status completed");
      RecordedRequest request = api.takeRequest();
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer pf_from_file");
      assertThat(request.getTarget()).isEqualTo("/api/v1/tasks?status=completed&limit=5");
    }
  }

  @Test
  void keyInTheEnvironmentWinsOverTheFile() throws Exception {
    Files.writeString(home.resolve("api-key"), "pf_from_file");
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(json(200, "{\"items\":[],\"next_after\":null}"));
      api.start();

      CliRun run = CliRun.run(env(api, "pf_from_env"), "tasks");

      assertThat(run.exit()).as(run.all()).isZero();
      assertThat(api.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer pf_from_env");
    }
  }

  @Test
  void missingKeyExitsTwoSayingHowToGetOne() {
    CliRun run =
        CliRun.run(
            Map.of("PRFLOW_HOME", home.toString(), "PRFLOW_API_URL", "http://127.0.0.1:1"),
            "tasks");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err())
        .contains("no API key")
        .contains("prflow keys create")
        .contains("prflow dev")
        .contains(home.resolve("api-key").toString());
  }

  @Test
  void noServerExitsTwoNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;

    CliRun run = CliRun.run(Map.of("PRFLOW_API_URL", url, "PRFLOW_API_KEY", "pf_x"), "show", "7");

    assertThat(run.exit()).as(run.all()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("no prflow API answering at " + url);
  }

  @Test
  void apiErrorIsOneLineWithCodeMessageAndFields() throws Exception {
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(
          json(
              400,
              "{\"error\":{\"code\":\"invalid_request\",\"message\":\"invalid task\",\"fields\":"
                  + "[{\"field\":\"title\",\"problem\":\"is required\"},"
                  + "{\"field\":\"priority\",\"problem\":\"must be one of low, medium\"}]}}"));
      api.start();

      CliRun run = CliRun.withStdin(env(api, "pf_x"), "{}", "submit", "-");

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err().strip())
          .isEqualTo(
              "prflow: 400 invalid_request: invalid task (title: is required; priority: must be"
                  + " one of low, medium)");
    }
  }

  @Test
  void refusedKeyIsExplained() throws Exception {
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(
          json(
              401,
              "{\"error\":{\"code\":\"unauthorized\",\"message\":\"unknown API key\","
                  + "\"fields\":[]}}"));
      api.start();

      CliRun run = CliRun.run(env(api, "pf_wrong"), "show", "3");

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .contains("401 unauthorized: unknown API key")
          .contains("check PRFLOW_API_KEY");
    }
  }

  @Test
  void answerThatIsNotPrflowsErrorStillGivesOneLine() throws Exception {
    try (MockWebServer api = new MockWebServer()) {
      api.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
      api.start();

      CliRun run = CliRun.run(env(api, "pf_x"), "report", "validate-local-x-1-abc1234");

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err().strip())
          .isEqualTo("prflow: 502 error from the API: <html>Bad Gateway</html>");
      assertThat(api.takeRequest().getTarget())
          .isEqualTo("/api/v1/validations/validate-local-x-1-abc1234/report.md");
    }
  }

  private Map<String, String> env(MockWebServer api, String key) {
    String url = api.url("/").toString();
    return key == null
        ? Map.of("PRFLOW_API_URL", url, "PRFLOW_HOME", home.toString())
        : Map.of("PRFLOW_API_URL", url, "PRFLOW_HOME", home.toString(), "PRFLOW_API_KEY", key);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
