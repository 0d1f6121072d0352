package dev.prflow.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.NotifyActivitiesImpl;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.workflows.model.Notification;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

  static {
    // Show the notifier's debug lines too, so the redaction check covers them.
    System.setProperty("org.slf4j.simpleLogger.log.prflow.notify", "debug");
  }

  private static final String SECRET_PATH = "/services/T0AAAAAAA/B0BBBBBBB/xoxSecretToken123";
  private static final String SECRET = "xoxSecretToken123";
  private static final RetryPolicy POLICY =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60));

  private static Database db;
  private static NotificationStore store;
  private static TaskStore tasks;

  private final List<Duration> sleeps = new ArrayList<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private MockWebServer server;
  private String webhookUrl;
  private PrintStream originalErr;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    store = new NotificationStore(db.jdbi());
    tasks = new TaskStore(db.jdbi());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    webhookUrl = server.url(SECRET_PATH).toString();
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setErr(originalErr);
    server.close();
  }

  private WebhookNotifier notifier() {
    return notifier(POLICY);
  }

  private WebhookNotifier notifier(RetryPolicy policy) {
    return new WebhookNotifier(
        webhookUrl, store, WebhookNotifier.defaultClient(), policy, sleeps::add);
  }

  private static long newTask() {
    return TestTasks.insert(tasks, "Add <login> & logout", "local:/tmp/r");
  }

  private static Notification notification(long task, String event) {
    return new Notification(
        task, event, "Add <login> & logout", "checks passed", "https://github.com/o/r/pull/9");
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body(code < 300 ? "ok" : "oops").build();
  }

  private static NotificationRow row(long task, String event) {
    return store.find(task, event, WebhookNotifier.CHANNEL).orElseThrow();
  }

  private String notifierLogLines() {
    return logs.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(line -> line.contains("prflow.notify"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void givenACompletedTask_whenSent_itShouldPostSlackJsonAndRecordTheDelivery() throws Exception {
    long task = newTask();
    server.enqueue(status(200));

    notifier().send(notification(task, "completed"));

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(SECRET_PATH);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
    assertThat(body.get("text").asText())
        .isEqualTo(
            ":white_check_mark: Completed — task " + task + ": Add &lt;login&gt; &amp; logout");
    assertThat(body.get("blocks"))
        .extracting(block -> block.get("type").asText())
        .containsExactly("header", "section", "context");
    assertThat(body.at("/blocks/1/text/text").asText())
        .contains("*Add &lt;login&gt; &amp; logout*")
        .contains("<https://github.com/o/r/pull/9|View pull request>");
    NotificationRow row = row(task, "completed");
    assertThat(row.status()).isEqualTo(NotificationStore.DELIVERED);
    assertThat(row.attempts()).isEqualTo(1);
    assertThat(row.deliveredAt()).isNotNull();
    assertThat(sleeps).isEmpty();
  }

  @Test
  void givenAStatusPeopleNeedNotHear_whenSent_itShouldPostAndRecordNothing() {
    long task = newTask();

    notifier().send(notification(task, "running_agent"));
    notifier().send(notification(task, "pending"));
    notifier().send(null);

    assertThat(server.getRequestCount()).isZero();
    assertThat(store.forTask(task)).isEmpty();
  }

  @Test
  void givenTwoServerErrors_whenSent_itShouldBackOffAndDeliverOnTheThirdRequest() {
    long task = newTask();
    server.enqueue(status(500));
    server.enqueue(status(503));
    server.enqueue(status(200));

    notifier().send(notification(task, "failed"));

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    NotificationRow row = row(task, "failed");
    assertThat(row.status()).isEqualTo(NotificationStore.DELIVERED);
    assertThat(row.attempts()).isEqualTo(3);
    assertThat(row.lastError()).isNull();
  }

  @Test
  void givenRateLimiting_whenSent_itShouldWaitAsLongAsRetryAfterSays() {
    long task = newTask();
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    server.enqueue(status(200));

    notifier().send(notification(task, "awaiting_approval"));

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(row(task, "awaiting_approval").status()).isEqualTo(NotificationStore.DELIVERED);
  }

  @Test
  void givenARetryAfterBeyondTheBudget_whenSent_itShouldGiveUpInsteadOfPostingEarly() {
    long task = newTask();
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "600").build());

    NotificationException e =
        catchThrowableOfType(
            NotificationException.class, () -> notifier().send(notification(task, "cancelled")));

    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).as("the next try waits as asked").isEqualTo(Duration.ofMinutes(10));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    NotificationRow row = row(task, "cancelled");
    assertThat(row.status()).isEqualTo(NotificationStore.FAILED);
    assertThat(row.attempts()).isEqualTo(1);
    assertThat(row.lastError()).startsWith("HTTP 429").contains("retry budget");
  }

  @Test
  void givenAServerThatAlwaysFails_whenSent_itShouldRecordTheFailureAndFailRetryably() {
    long task = newTask();
    for (int i = 0; i < 6; i++) {
      server.enqueue(status(500));
    }

    NotificationException e =
        catchThrowableOfType(
            NotificationException.class,
            () -> notifier().send(notification(task, "validation_failed")));

    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).isNull();
    assertThat(e.getMessage()).contains("after 5 attempts: HTTP 500: oops").doesNotContain(SECRET);

    assertThat(server.getRequestCount()).isEqualTo(POLICY.maxAttempts());
    assertThat(sleeps).hasSize(POLICY.maxAttempts() - 1);
    NotificationRow row = row(task, "validation_failed");
    assertThat(row.status()).isEqualTo(NotificationStore.FAILED);
    assertThat(row.attempts()).isEqualTo(POLICY.maxAttempts());
    assertThat(row.lastError()).isEqualTo("HTTP 500: oops");
    assertThat(row.deliveredAt()).isNull();
  }

  @Test
  void givenAClientError_whenSent_itShouldFailWithoutRetrying() {
    long task = newTask();
    server.enqueue(new MockResponse.Builder().code(404).body("no_service").build());

    NotificationException e =
        catchThrowableOfType(
            NotificationException.class, () -> notifier().send(notification(task, "rejected")));

    assertThat(e.retryable()).isFalse();

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    assertThat(row(task, "rejected"))
        .extracting(NotificationRow::status, NotificationRow::attempts, NotificationRow::lastError)
        .containsExactly(NotificationStore.FAILED, 1, "HTTP 404: no_service");
  }

  @Test
  void givenNoServer_whenSent_itShouldRecordTheConnectionFailure() {
    long task = newTask();
    WebhookNotifier notifier = notifier();
    server.close();

    assertThat(
            catchThrowableOfType(
                    NotificationException.class, () -> notifier.send(notification(task, "failed")))
                .retryable())
        .isTrue();

    NotificationRow row = row(task, "failed");
    assertThat(row.status()).isEqualTo(NotificationStore.FAILED);
    assertThat(row.attempts()).isEqualTo(POLICY.maxAttempts());
    assertThat(row.lastError()).isNotBlank().doesNotContain(SECRET);
  }

  @Test
  void theWebhookPathNeverReachesTheStoreTheLogsOrToString() {
    long task = newTask();
    // A server that echoes the URL it was called at, as some proxies do in error pages.
    server.enqueue(
        new MockResponse.Builder().code(500).body("bad gateway for " + webhookUrl).build());
    server.enqueue(new MockResponse.Builder().code(403).body("denied " + SECRET_PATH).build());
    WebhookNotifier notifier = notifier();
    NotificationException first =
        catchThrowableOfType(
            NotificationException.class, () -> notifier.send(notification(task, "completed")));
    String host = "http://" + server.getHostName() + "/…";
    server.close();
    NotificationException second =
        catchThrowableOfType(
            NotificationException.class, () -> notifier.send(notification(task, "failed")));

    assertThat(first.getMessage()).doesNotContain(SECRET, "B0BBBBBBB").contains(host);
    assertThat(second.getMessage()).doesNotContain(SECRET, "B0BBBBBBB");
    assertThat(notifier.toString()).doesNotContain(SECRET, "services").contains(host);
    assertThat(store.forTask(task))
        .hasSize(2)
        .allSatisfy(row -> assertThat(row.lastError()).isNotBlank().doesNotContain(SECRET));
    assertThat(row(task, "completed").lastError()).isEqualTo("HTTP 403: denied …");
    String lines = notifierLogLines();
    assertThat(lines)
        .contains("bad gateway for " + host, "not notified")
        .doesNotContain(SECRET, "B0BBBBBBB");
  }

  @Test
  void givenADeliveredNotification_whenTheActivityIsRetried_itShouldPostNothing() {
    long task = newTask();
    server.enqueue(status(200));
    server.enqueue(status(200));

    notifier().send(notification(task, "completed"));
    notifier().send(notification(task, "completed"));

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(row(task, "completed").attempts()).isEqualTo(1);
  }

  @Test
  void givenASendInFlight_whenTheActivityIsRetried_itShouldPostNothingAndTryAgainLater() {
    long task = newTask();
    store.claim(task, "completed", WebhookNotifier.CHANNEL, Duration.ofMinutes(2));
    server.enqueue(status(200));

    NotificationException e =
        catchThrowableOfType(
            NotificationException.class, () -> notifier().send(notification(task, "completed")));

    assertThat(server.getRequestCount()).isZero();
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).isEqualTo(WebhookNotifier.STALE_CLAIM);
  }

  @Test
  void givenAnEarlierFailure_whenSentAgain_itShouldDeliverAndKeepCounting() {
    long task = newTask();
    server.enqueue(status(400));
    server.enqueue(status(200));

    catchThrowableOfType(
        NotificationException.class, () -> notifier().send(notification(task, "failed")));
    notifier().send(notification(task, "failed"));

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(row(task, "failed"))
        .extracting(NotificationRow::status, NotificationRow::attempts)
        .containsExactly(NotificationStore.DELIVERED, 2);
  }

  @Test
  void givenTheStoreRejectsTheRow_whenSent_itShouldStillPostAndNotThrow() {
    server.enqueue(status(200));

    assertThatCode(() -> notifier().send(notification(Long.MAX_VALUE, "completed")))
        .doesNotThrowAnyException();

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenAnInterruptedWorker_whenWaitingToRetry_itShouldRecordTheFailureAndKeepTheFlag() {
    long task = newTask();
    server.enqueue(status(500));
    WebhookNotifier notifier =
        new WebhookNotifier(
            webhookUrl,
            store,
            WebhookNotifier.defaultClient(),
            POLICY,
            delay -> {
              throw new InterruptedException();
            });

    NotificationException e =
        catchThrowableOfType(
            NotificationException.class, () -> notifier.send(notification(task, "failed")));

    assertThat(e.retryable()).isTrue();
    assertThat(Thread.interrupted()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(row(task, "failed").lastError()).isEqualTo("HTTP 500: oops; interrupted");
  }

  @Test
  void givenA503WithRetryAfter_whenTheActivityRuns_itFailsRetryablyWithThatDelay() {
    long task = newTask();
    server.enqueue(
        new MockResponse.Builder().code(503).addHeader("Retry-After", "120").body("busy").build());
    NotifyActivitiesImpl activity =
        new NotifyActivitiesImpl(List.of(new LogNotifier(), notifier()));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activity.notify(notification(task, "completed")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(NotifyActivitiesImpl.UNDELIVERED);
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(120));
    assertThat(failure.getOriginalMessage()).contains("HTTP 503: busy").doesNotContain(SECRET);
    assertThat(row(task, "completed"))
        .extracting(NotificationRow::status, NotificationRow::attempts)
        .containsExactly(NotificationStore.FAILED, 1);
  }

  @Test
  void givenA4xxThatWillNeverSucceed_whenTheActivityRuns_itFailsNonRetryably() {
    long task = newTask();
    server.enqueue(new MockResponse.Builder().code(410).body("channel_is_archived").build());
    NotifyActivitiesImpl activity = new NotifyActivitiesImpl(List.of(notifier()));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activity.notify(notification(task, "failed")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(NotifyActivitiesImpl.REJECTED);
    assertThat(row(task, "failed").lastError()).isEqualTo("HTTP 410: channel_is_archived");
  }

  @Test
  void givenARetriedActivity_whenTheWebhookIsBack_itDeliversOnceAndRecordsEveryTry() {
    long task = newTask();
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
    server.enqueue(status(200));
    NotifyActivitiesImpl activity = new NotifyActivitiesImpl(List.of(notifier()));

    catchThrowableOfType(
        ApplicationFailure.class, () -> activity.notify(notification(task, "completed")));
    assertThat(row(task, "completed").status()).isEqualTo(NotificationStore.FAILED);
    activity.notify(notification(task, "completed"));
    activity.notify(notification(task, "completed"));

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(row(task, "completed"))
        .extracting(NotificationRow::status, NotificationRow::attempts)
        .containsExactly(NotificationStore.DELIVERED, 2);
  }

  /** Copies what is written to standard error, so log lines can be checked. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
