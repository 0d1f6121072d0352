package dev.prflow.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffDoublesUpToTheMaximum() {
    RetryPolicy policy =
        new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMinutes(1));

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.backoff(50)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void defaultsFitTheNotifyActivityTimeout() {
    RetryPolicy policy = RetryPolicy.defaults();
    Duration callTimeout = Duration.ofMillis(WebhookNotifier.defaultClient().callTimeoutMillis());

    assertThat(callTimeout.multipliedBy(policy.maxAttempts()).plus(policy.budget()))
        .isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void invalidPoliciesAreRejected() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");

    assertThat(WebhookNotifier.retryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
    assertThat(WebhookNotifier.retryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(WebhookNotifier.retryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now))
        .isEqualTo(Duration.ZERO);
    assertThat(WebhookNotifier.retryAfter("soon", now)).isNull();
    assertThat(WebhookNotifier.retryAfter("-3", now)).isNull();
    assertThat(WebhookNotifier.retryAfter(null, now)).isNull();
  }
}
