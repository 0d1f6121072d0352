package dev.prflow.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.http.Sleeper;
import dev.prflow.workflows.model.Notification;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Slack-compatible JSON to {@code NOTIFY_WEBHOOK_URL} when a task completes, fails or waits
 * for approval. Short outages are retried inside one call ({@link RetryPolicy}); what is still not
 * delivered is recorded as {@code failed} in the {@link NotificationStore}, logged, and thrown as a
 * {@link NotificationException}, so the notify activity fails and Temporal retries it later (after
 * the server's {@code Retry-After} when it sent one). Every try's outcome is recorded; a 4xx that
 * will never succeed is not retried. Each (task, event) is posted until delivered and never again,
 * however often the activity is retried. The webhook URL is a secret: only its scheme and host are
 * ever logged or stored.
 */
public final class WebhookNotifier implements Notifier {

  /** The {@code channel} column of this notifier's rows. */
  public static final String CHANNEL = "webhook";

  /** A claim older than this belongs to a sender that died; the notification is sent again. */
  static final Duration STALE_CLAIM = Duration.ofMinutes(2);

  private static final int ERROR_LIMIT = 500;
  private static final int BODY_SNIPPET = 200;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger("prflow.notify");

  private final WebhookEndpoint endpoint;
  private final NotificationStore store;
  private final OkHttpClient client;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  /** With the default client, {@link RetryPolicy#defaults()} and real sleeping. */
  public WebhookNotifier(String webhookUrl, NotificationStore store) {
    this(webhookUrl, store, defaultClient(), RetryPolicy.defaults(), Sleeper.REAL);
  }

  /**
   * @param webhookUrl the value of {@code NOTIFY_WEBHOOK_URL}; a bad one fails with a message that
   *     does not repeat it
   * @param client used as given except that redirects and OkHttp's own silent retries are turned
   *     off, so that every attempt is counted
   */
  public WebhookNotifier(
      String webhookUrl,
      NotificationStore store,
      OkHttpClient client,
      RetryPolicy retry,
      Sleeper sleeper) {
    this.endpoint = WebhookEndpoint.parse(webhookUrl);
    this.store = Objects.requireNonNull(store, "store");
    this.client =
        Objects.requireNonNull(client, "client")
            .newBuilder()
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .build();
    this.retry = Objects.requireNonNull(retry, "retry");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Short timeouts: five attempts plus the retry budget fit in one 45-second notify try. */
  public static OkHttpClient defaultClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(3))
        .writeTimeout(Duration.ofSeconds(3))
        .readTimeout(Duration.ofSeconds(3))
        .callTimeout(Duration.ofSeconds(3))
        .build();
  }

  /**
   * @throws NotificationException when the notice was not delivered (and is not already)
   */
  @Override
  public void send(Notification n) {
    if (n == null || !SlackMessage.isNotifiable(n.event())) {
      return;
    }
    boolean recorded = true;
    try {
      if (!store.claim(n.taskId(), n.event(), CHANNEL, STALE_CLAIM)) {
        if (store
            .find(n.taskId(), n.event(), CHANNEL)
            .map(row -> NotificationStore.DELIVERED.equals(row.status()))
            .orElse(false)) {
          log.debug("task {} {}: webhook already notified", n.taskId(), n.event());
          return;
        }
        // Another sender claimed it moments ago (or died doing so): try again once its claim
        // is stale, rather than post twice now or never.
        throw new NotificationException(
            "task "
                + n.taskId()
                + " "
                + n.event()
                + ": another delivery to webhook "
                + endpoint.display()
                + " is under way",
            true,
            STALE_CLAIM);
      }
    } catch (NotificationException e) {
      throw e;
    } catch (RuntimeException e) {
      // Reaching people matters more than the bookkeeping; without a claim a retry may repeat it.
      recorded = false;
      log.warn(
          "task {} {}: notification store unavailable, posting without a record: {}",
          n.taskId(),
          n.event(),
          describe(e));
    }
    Outcome outcome = post(n);
    if (outcome.delivered()) {
      log.info(
          "task {} {}: notified {} ({} attempt{})",
          n.taskId(),
          n.event(),
          endpoint.display(),
          outcome.attempts(),
          outcome.attempts() == 1 ? "" : "s");
    } else {
      log.warn(
          "task {} {}: webhook {} not notified after {} attempt{}: {}",
          n.taskId(),
          n.event(),
          endpoint.display(),
          outcome.attempts(),
          outcome.attempts() == 1 ? "" : "s",
          outcome.error());
    }
    record(n, outcome, recorded);
    if (!outcome.delivered()) {
      throw new NotificationException(
          "webhook "
              + endpoint.display()
              + " not notified of task "
              + n.taskId()
              + " "
              + n.event()
              + " after "
              + outcome.attempts()
              + " attempt"
              + (outcome.attempts() == 1 ? "" : "s")
              + ": "
              + outcome.error(),
          outcome.retryable(),
          outcome.retryAfter());
    }
  }

  private void record(Notification n, Outcome outcome, boolean claimed) {
    try {
      if (outcome.delivered()) {
        store.delivered(n.taskId(), n.event(), CHANNEL, outcome.attempts());
      } else {
        store.failed(n.taskId(), n.event(), CHANNEL, outcome.attempts(), outcome.error());
      }
    } catch (RuntimeException e) {
      if (claimed) {
        log.warn(
            "task {} {}: could not record the webhook outcome: {}",
            n.taskId(),
            n.event(),
            describe(e));
      }
    }
  }

  private Outcome post(Notification n) {
    Request request;
    try {
      request =
          new Request.Builder()
              .url(endpoint.url())
              .header("User-Agent", "prflow")
              .post(RequestBody.create(MAPPER.writeValueAsBytes(SlackMessage.body(n)), JSON))
              .build();
    } catch (JsonProcessingException | RuntimeException e) {
      return new Outcome(
          false, 0, bounded("could not build the message: " + describe(e)), false, null);
    }
    Duration waited = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      Attempt result = once(request);
      if (result.ok()) {
        return new Outcome(true, attempt, null, false, null);
      }
      if (!result.retryable()) {
        return new Outcome(false, attempt, bounded(result.error()), false, null);
      }
      if (attempt >= retry.maxAttempts()) {
        return new Outcome(false, attempt, bounded(result.error()), true, result.retryAfter());
      }
      Duration delay = result.retryAfter() != null ? result.retryAfter() : retry.backoff(attempt);
      if (waited.plus(delay).compareTo(retry.budget()) > 0) {
        return new Outcome(
            false,
            attempt,
            bounded(
                result.error()
                    + "; gave up: waiting "
                    + delay.toMillis()
                    + " ms more exceeds the retry budget"),
            true,
            result.retryAfter());
      }
      log.debug(
          "task {} {}: attempt {} failed ({}); retrying in {} ms",
          n.taskId(),
          n.event(),
          attempt,
          result.error(),
          delay.toMillis());
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(false, attempt, bounded(result.error() + "; interrupted"), true, null);
      }
      waited = waited.plus(delay);
    }
  }

  private Attempt once(Request request) {
    try (Response response = client.newCall(request).execute()) {
      int code = response.code();
      if (response.isSuccessful()) {
        return new Attempt(true, false, null, null);
      }
      String error = endpoint.scrub("HTTP " + code + snippet(response));
      boolean retryable = code == 408 || code == 429 || code >= 500;
      Duration retryAfter =
          retryable ? retryAfter(response.header("Retry-After"), Instant.now()) : null;
      return new Attempt(false, retryable, error, retryAfter);
    } catch (IOException e) {
      return new Attempt(false, true, describe(e), null);
    }
  }

  private static String snippet(Response response) {
    try {
      String body = response.peekBody(BODY_SNIPPET).string().strip().replaceAll("\\s+", " ");
      return body.isEmpty() ? "" : ": " + body;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP date; null when absent
   * or unreadable.
   */
  static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration until = Duration.between(now, at);
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /**
   * An exception as one line without the webhook's secret parts; for a wrapped cause (Jdbi's
   * exceptions carry the whole statement) the innermost one.
   */
  private String describe(Throwable e) {
    while (e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    String message = e.getMessage();
    String text =
        e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    return bounded(endpoint.scrub(text.replaceAll("\\s+", " ")));
  }

  private static String bounded(String text) {
    return SlackMessage.truncate(text, ERROR_LIMIT);
  }

  @Override
  public String toString() {
    return "WebhookNotifier[" + endpoint.display() + "]";
  }

  private record Attempt(boolean ok, boolean retryable, String error, Duration retryAfter) {}

  /**
   * @param retryable whether a later try may deliver
   * @param retryAfter when the next try should come (the server's {@code Retry-After}), or null
   */
  private record Outcome(
      boolean delivered, int attempts, String error, boolean retryable, Duration retryAfter) {}
}
