package dev.prflow.api.webhooks;

import static io.javalin.apibuilder.ApiBuilder.post;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.WebhookDeliveryStore;
import dev.prflow.workflows.model.PullRequestRef;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /webhooks/github} over real HTTP with a real PostgreSQL; the four ports are recording
 * fakes. Payloads are GitHub-shaped fixtures from {@code src/test/resources/webhooks}.
 */
class GitHubWebhookControllerTest {

  private static final byte[] SECRET = "correct horse battery staple".getBytes(UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String HEAD_SHA = "9f3c2a7d41b0e6c58a1d2f4e3b6a7c8d9e0f1a2b";
  // The key GitHubCodeHost uses too, so a pull request's head commit has one validation id.
  private static final String REPO_KEY =
      GitHubRepository.parse("github:octo-org/hello-world").key();

  private Database db;
  private Javalin app;
  private final List<Javalin> extraApps = new ArrayList<>();

  private final List<TaskRow> startedTasks = new CopyOnWriteArrayList<>();
  private final List<PullRequestRef> validationRequests = new CopyOnWriteArrayList<>();
  private final Set<String> startedValidations = new HashSet<>();
  private final AtomicInteger validationFailuresToThrow = new AtomicInteger();
  private final List<List<String>> checkSignals = new CopyOnWriteArrayList<>();
  private final List<Comment> comments = new CopyOnWriteArrayList<>();

  private record Comment(String owner, String repo, int issue, String body) {}

  @BeforeEach
  void start() {
    db = TestPostgres.freshDatabase();
    app = serve(SECRET);
  }

  @AfterEach
  void stop() {
    app.stop();
    extraApps.forEach(Javalin::stop);
    db.close();
  }

  // --- signatures ---

  @Test
  void validSignatureIsAccepted() throws Exception {
    HttpResponse<String> r = deliver("check_run", fixture("check_run.completed.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("signalled").asBoolean()).isTrue();
    assertThat(checkSignals).containsExactly(List.of("octo-org", "hello-world", HEAD_SHA, "[42]"));
  }

  @Test
  void wrongSignatureIsRejectedWith401() throws Exception {
    byte[] body = fixture("pull_request.opened.json");
    String forged = WebhookSignature.sign("not the secret".getBytes(UTF_8), body);

    HttpResponse<String> r = deliver("pull_request", delivery(), body, forged);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).path("error").path("code").asText()).isEqualTo("unauthorized");
    assertThat(validationRequests).isEmpty();
  }

  @Test
  void bodyChangedAfterSigningIsRejectedWith401() throws Exception {
    byte[] signed = fixture("pull_request.opened.json");
    byte[] sent =
        new String(signed, UTF_8).replace("feature/modulo", "feature/evil").getBytes(UTF_8);

    HttpResponse<String> r =
        deliver("pull_request", delivery(), sent, WebhookSignature.sign(SECRET, signed));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(validationRequests).isEmpty();
  }

  @Test
  void missingSignatureIsRejectedWith401() throws Exception {
    String id = delivery();
    HttpResponse<String> r = deliver("pull_request", id, fixture("pull_request.opened.json"), null);

    assertThat(r.statusCode()).isEqualTo(401);
    JsonNode error = json(r).path("error");
    assertThat(error.path("code").asText()).isEqualTo("unauthorized");
    assertThat(error.path("message").asText()).contains("X-Hub-Signature-256");
    assertThat(validationRequests).isEmpty();
    assertThat(deliveries().find(id)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6",
        "sha256=not-hex-at-all",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
      })
  void malformedSignatureIsRejectedWith401(String signature) throws Exception {
    HttpResponse<String> r =
        deliver("pull_request", delivery(), fixture("pull_request.opened.json"), signature);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).path("error").path("code").asText()).isEqualTo("unauthorized");
    assertThat(validationRequests).isEmpty();
  }

  @Test
  void withoutAConfiguredSecretEveryDeliveryIsRefusedWith503() throws Exception {
    Javalin unconfigured = serve(null);
    extraApps.add(unconfigured);
    byte[] body = fixture("pull_request.opened.json");

    HttpResponse<String> r =
        send(
            unconfigured,
            request("pull_request", delivery(), WebhookSignature.sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(json(r).path("error").path("message").asText()).contains("GITHUB_WEBHOOK_SECRET");
    assertThat(validationRequests).isEmpty();
  }

  // --- ping and deliveries ---

  @Test
  void pingAnswersOkWithZen() throws Exception {
    HttpResponse<String> r = deliver("ping", fixture("ping.json"));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("ok").asBoolean()).isTrue();
    assertThat(body.path("zen").asText()).isEqualTo("Design for failure.");
    assertThat(body.path("hook_id").asLong()).isEqualTo(501234987L);
  }

  @Test
  void replayedDeliveryIsIgnored() throws Exception {
    String id = delivery();
    byte[] body = fixture("pull_request.opened.json");

    HttpResponse<String> first =
        deliver("pull_request", id, body, WebhookSignature.sign(SECRET, body));
    HttpResponse<String> replay =
        deliver("pull_request", id, body, WebhookSignature.sign(SECRET, body));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(json(replay).path("duplicate").asBoolean()).isTrue();
    assertThat(validationRequests).hasSize(1);
    WebhookDeliveryStore.Delivery stored = deliveries().find(id).orElseThrow();
    assertThat(stored.event()).isEqualTo("pull_request");
    assertThat(stored.action()).isEqualTo("opened");
    assertThat(stored.outcome()).startsWith("validation started");
  }

  @Test
  void deliveryThatFailedIsHandledAgainWhenRedelivered() throws Exception {
    validationFailuresToThrow.set(1);
    String id = delivery();
    byte[] body = fixture("pull_request.opened.json");

    HttpResponse<String> failed =
        deliver("pull_request", id, body, WebhookSignature.sign(SECRET, body));
    HttpResponse<String> redelivered =
        deliver("pull_request", id, body, WebhookSignature.sign(SECRET, body));

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(json(failed).path("error").path("code").asText()).isEqualTo("internal_error");
    assertThat(redelivered.statusCode()).isEqualTo(202);
    assertThat(json(redelivered).path("started").asBoolean()).isTrue();
  }

  @Test
  void deliveryWithoutDeliveryIdIsRejectedWith400() throws Exception {
    byte[] body = fixture("pull_request.opened.json");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(app)))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "pull_request")
            .header("X-Hub-Signature-256", WebhookSignature.sign(SECRET, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));

    HttpResponse<String> r = send(app, request);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").path("message").asText()).contains("X-GitHub-Delivery");
    assertThat(validationRequests).isEmpty();
  }

  // --- pull requests ---

  @Test
  void pullRequestOpenedStartsValidationOfItsHeadCommit() throws Exception {
    HttpResponse<String> r = deliver("pull_request", fixture("pull_request.opened.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = json(r);
    assertThat(body.path("started").asBoolean()).isTrue();
    assertThat(body.path("workflow_id").asText())
        .isEqualTo("validate-github-" + REPO_KEY + "-42-9f3c2a7");
    assertThat(validationRequests)
        .containsExactly(
            new PullRequestRef(
                "github",
                "github:octo-org/hello-world",
                REPO_KEY,
                42,
                "https://github.com/octo-org/hello-world/pull/42",
                "main",
                "feature/modulo",
                "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
                HEAD_SHA));
  }

  @Test
  void synchronizeForTheSameHeadShaStartsNothingMore() throws Exception {
    deliver("pull_request", fixture("pull_request.opened.json"));

    HttpResponse<String> r = deliver("pull_request", fixture("pull_request.synchronize.json"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).path("started").asBoolean()).isFalse();
    assertThat(startedValidations).containsExactly("validate-github-" + REPO_KEY + "-42-9f3c2a7");
  }

  @Test
  void synchronizeWithANewHeadShaStartsAnotherValidation() throws Exception {
    deliver("pull_request", fixture("pull_request.opened.json"));
    String newSha = "0123456789abcdef0123456789abcdef01234567";

    HttpResponse<String> r =
        deliver(
            "pull_request",
            changed(
                "pull_request.synchronize.json",
                p -> ((ObjectNode) p.path("pull_request").path("head")).put("sha", newSha)));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("workflow_id").asText())
        .isEqualTo("validate-github-" + REPO_KEY + "-42-0123456");
    assertThat(validationRequests)
        .extracting(PullRequestRef::headSha)
        .containsExactly(HEAD_SHA, newSha);
  }

  @Test
  void closedPullRequestIsIgnored() throws Exception {
    HttpResponse<String> r = deliver("pull_request", fixture("pull_request.closed.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("ignored").asText()).isEqualTo("pull_request action closed");
    assertThat(validationRequests).isEmpty();
  }

  @Test
  void pullRequestOnAPrflowTaskBranchIsLeftToItsTaskWorkflow() throws Exception {
    HttpResponse<String> r =
        deliver(
            "pull_request",
            changed(
                "pull_request.opened.json",
                p -> {
                  ObjectNode head = (ObjectNode) p.path("pull_request").path("head");
                  head.put("ref", "prflow/task-7-1");
                  ((ObjectNode) head.path("repo")).put("full_name", "octo-org/hello-world");
                }));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("ignored").asText()).contains("prflow task");
    assertThat(validationRequests).isEmpty();
  }

  // --- issues and comments ---

  @Test
  void issueLabeledPrflowByMemberCreatesTaskWithChecklistAsCriteriaAndCommentsBack()
      throws Exception {
    HttpResponse<String> r = deliver("issues", fixture("issues.labeled.json"));

    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode body = json(r);
    assertThat(body.path("created").asBoolean()).isTrue();
    long id = body.path("task_id").asLong();
    assertThat(r.headers().firstValue("Location")).contains("/api/v1/tasks/" + id);

    TaskRow task = tasks().find(id).orElseThrow();
    assertThat(task.title()).isEqualTo("Add a power operation");
    assertThat(task.description()).startsWith("The calculator has no way");
    assertThat(task.acceptanceCriteria())
        .containsExactly(
            "`pow(2, 10)` returns 1024",
            "Negative exponents are rejected with an IllegalArgumentException",
            "`mvn test` passes");
    assertThat(task.requirements())
        .containsExactly(
            "Add a `pow` operation to `Calculator`", "Keep the existing operations unchanged");
    assertThat(task.repository()).isEqualTo("github:octo-org/hello-world");
    assertThat(task.baseBranch()).isEqualTo("main");
    assertThat(task.createdBy()).isEqualTo("github:alice-dev");
    assertThat(task.status()).isEqualTo("pending");

    assertThat(startedTasks).extracting(TaskRow::id).containsExactly(id);
    assertThat(comments).hasSize(1);
    Comment c = comments.get(0);
    assertThat(c.owner()).isEqualTo("octo-org");
    assertThat(c.repo()).isEqualTo("hello-world");
    assertThat(c.issue()).isEqualTo(17);
    assertThat(c.body())
        .startsWith("prflow task " + id + " created (pending): Add a power operation");
  }

  @Test
  void sameIssueLabeledAgainCreatesNoSecondTask() throws Exception {
    HttpResponse<String> first = deliver("issues", fixture("issues.labeled.json"));
    HttpResponse<String> again = deliver("issues", fixture("issues.labeled.json"));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).path("created").asBoolean()).isFalse();
    assertThat(json(again).path("task_id").asLong())
        .isEqualTo(json(first).path("task_id").asLong());
    assertThat(tasks().list(null, null, 10)).hasSize(1);
    assertThat(startedTasks).hasSize(1);
    assertThat(comments).hasSize(1);
  }

  @Test
  void issueOpenedWithThePrflowLabelCreatesTheTaskOnce() throws Exception {
    // GitHub sends "opened" and then "labeled" for an issue created with the label.
    HttpResponse<String> opened =
        deliver("issues", changed("issues.labeled.json", p -> p.put("action", "opened")));
    HttpResponse<String> labeled = deliver("issues", fixture("issues.labeled.json"));

    assertThat(opened.statusCode()).isEqualTo(201);
    assertThat(labeled.statusCode()).isEqualTo(200);
    assertThat(tasks().list(null, null, 10)).hasSize(1);
    assertThat(comments).hasSize(1);
  }

  @Test
  void issueLabeledWithAnotherLabelIsIgnored() throws Exception {
    HttpResponse<String> r =
        deliver(
            "issues",
            changed("issues.labeled.json", p -> ((ObjectNode) p.path("label")).put("name", "bug")));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).has("ignored")).isTrue();
    assertThat(tasks().list(null, null, 10)).isEmpty();
    assertThat(comments).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"CONTRIBUTOR", "NONE", "FIRST_TIME_CONTRIBUTOR"})
  void prflowCommentByNonCollaboratorIsIgnored(String association) throws Exception {
    HttpResponse<String> r =
        deliver(
            "issue_comment",
            changed(
                "issue_comment.created.json",
                p -> ((ObjectNode) p.path("comment")).put("author_association", association)));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("ignored").asText()).isEqualTo("author is not a collaborator");
    assertThat(tasks().list(null, null, 10)).isEmpty();
    assertThat(startedTasks).isEmpty();
    assertThat(comments).isEmpty();
  }

  @Test
  void prflowCommentByCollaboratorCreatesTaskFromTheIssue() throws Exception {
    HttpResponse<String> r =
        deliver(
            "issue_comment",
            changed(
                "issue_comment.created.json",
                p -> ((ObjectNode) p.path("comment")).put("author_association", "COLLABORATOR")));

    assertThat(r.statusCode()).isEqualTo(201);
    TaskRow task = tasks().find(json(r).path("task_id").asLong()).orElseThrow();
    assertThat(task.title()).isEqualTo("Support square roots");
    assertThat(task.acceptanceCriteria())
        .containsExactly("`sqrt(9)` returns 3", "`sqrt(-1)` is rejected");
    assertThat(task.createdBy()).isEqualTo("github:bob-outside");
    assertThat(comments).extracting(Comment::issue).containsExactly(23);
  }

  // --- checks, other events, bad requests ---

  @Test
  void checkSuiteCompletedSignalsChecksOfItsHeadCommit() throws Exception {
    HttpResponse<String> r = deliver("check_suite", fixture("check_suite.completed.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(checkSignals).containsExactly(List.of("octo-org", "hello-world", HEAD_SHA, "[42]"));
  }

  @Test
  void unknownEventIsAcceptedAndIgnored() throws Exception {
    HttpResponse<String> r = deliver("watch", fixture("watch.started.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("ignored").asText()).isEqualTo("event watch");
    assertThat(validationRequests).isEmpty();
    assertThat(checkSignals).isEmpty();
  }

  @Test
  void malformedJsonIsRejectedWith400() throws Exception {
    HttpResponse<String> r = deliver("pull_request", "{\"action\": \"opened\",".getBytes(UTF_8));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").path("code").asText()).isEqualTo("invalid_request");
    assertThat(validationRequests).isEmpty();
  }

  @Test
  void bodyOverFiveMegabytesIsRejectedWith413() throws Exception {
    byte[] body = new byte[GitHubWebhookController.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) ' ');

    HttpResponse<String> r = deliver("pull_request", body);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).path("error").path("code").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void oversizedBodyIsReadToTheEndSoTheClientGetsTheAnswerOnALiveConnection() throws Exception {
    byte[] body = new byte[GitHubWebhookController.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) ' ');

    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "X-GitHub-Event: pull_request\r\nX-GitHub-Delivery: "
              + delivery()
              + "\r\nX-Hub-Signature-256: "
              + WebhookSignature.sign(SECRET, body)
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      out.write(head.getBytes(UTF_8));
      // The whole body goes out: a server that answered and closed unread would reset this write.
      out.write(body);
      out.flush();
      String first = readResponseHead(socket.getInputStream());

      assertThat(first).startsWith("HTTP/1.1 413");
      // Read to the end, the body leaves the connection reusable: Jetty keeps it open.
      assertThat(first.toLowerCase(java.util.Locale.ROOT)).doesNotContain("connection: close");
    }
  }

  @Test
  void streamedBodyOverFiveMegabytesIsRejectedWith413() throws Exception {
    byte[] body = new byte[GitHubWebhookController.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) ' ');

    // No Content-Length: the limit must hold while reading, not only from the header.
    HttpResponse<String> r =
        send(
            app,
            request("pull_request", delivery(), WebhookSignature.sign(SECRET, body))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body))));

    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void largeDeliveryIsAcceptedEvenWhereTheAppCapsJsonRequestsAtOneMegabyte() throws Exception {
    Javalin capped = serve(SECRET, 1 << 20);
    extraApps.add(capped);
    byte[] body =
        changed(
            "check_suite.completed.json",
            p -> ((ObjectNode) p.path("check_suite")).put("padding", "x".repeat(2 << 20)));

    HttpResponse<String> r =
        send(
            capped,
            request("check_suite", delivery(), WebhookSignature.sign(SECRET, body))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(checkSignals).hasSize(1);
  }

  @Test
  void formEncodedDeliveryIsUnderstood() throws Exception {
    String payload = new String(fixture("check_suite.completed.json"), UTF_8);
    byte[] body = ("payload=" + URLEncoder.encode(payload, UTF_8)).getBytes(UTF_8);

    HttpResponse<String> r =
        send(
            app,
            request("check_suite", delivery(), WebhookSignature.sign(SECRET, body))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(checkSignals).hasSize(1);
  }

  // --- helpers ---

  private Javalin serve(byte[] secret) {
    return serve(secret, null);
  }

  private Javalin serve(byte[] secret, Integer maxRequestSize) {
    WebhookDependencies deps =
        new WebhookDependencies(
            secret,
            new WebhookDeliveryStore(db.jdbi()),
            new TaskStore(db.jdbi()),
            startedTasks::add,
            pr -> {
              validationRequests.add(pr);
              if (validationFailuresToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("Temporal is unreachable");
              }
              synchronized (startedValidations) {
                return startedValidations.add(pr.validationWorkflowId());
              }
            },
            (owner, repo, sha, prs) -> checkSignals.add(List.of(owner, repo, sha, prs.toString())),
            (owner, repo, issue, body) -> comments.add(new Comment(owner, repo, issue, body)));
    GitHubWebhookController controller = new GitHubWebhookController(deps);
    return Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              if (maxRequestSize != null) {
                config.http.maxRequestSize = maxRequestSize;
              }
              config.routes.apiBuilder(() -> post("/webhooks/github", controller::handle));
            })
        .start("127.0.0.1", 0);
  }

  private HttpResponse<String> deliver(String event, byte[] body) throws Exception {
    return deliver(event, delivery(), body, WebhookSignature.sign(SECRET, body));
  }

  private HttpResponse<String> deliver(
      String event, String deliveryId, byte[] body, String signature) throws Exception {
    return send(
        app,
        request(event, deliveryId, signature)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static HttpRequest.Builder request(String event, String deliveryId, String signature) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://placeholder/"))
            .header("User-Agent", "GitHub-Hookshot/7a6b5c4")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", deliveryId)
            .header("X-GitHub-Hook-ID", "501234987");
    if (signature != null) {
      b.header("X-Hub-Signature-256", signature);
    }
    return b;
  }

  private static HttpResponse<String> send(Javalin target, HttpRequest.Builder request)
      throws Exception {
    return HTTP.send(
        request.uri(URI.create(url(target))).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String readResponseHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
        break;
      }
    }
    return head.toString();
  }

  private static String url(Javalin target) {
    return "http://127.0.0.1:" + target.port() + "/webhooks/github";
  }

  private static String delivery() {
    return UUID.randomUUID().toString();
  }

  private static byte[] fixture(String name) {
    try (InputStream in =
        GitHubWebhookControllerTest.class.getResourceAsStream("/webhooks/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] changed(String name, Consumer<ObjectNode> change) throws Exception {
    ObjectNode payload = (ObjectNode) JSON.readTree(fixture(name));
    change.accept(payload);
    return JSON.writeValueAsBytes(payload);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private TaskStore tasks() {
    return new TaskStore(db.jdbi());
  }

  private WebhookDeliveryStore deliveries() {
    return new WebhookDeliveryStore(db.jdbi());
  }
}
