package dev.prflow.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void parsesPerSecondMinuteAndHour() {
    assertThat(RateLimit.parse("600/min")).isEqualTo(new RateLimit(600, Duration.ofMinutes(1)));
    assertThat(RateLimit.parse("5/s")).isEqualTo(new RateLimit(5, Duration.ofSeconds(1)));
    assertThat(RateLimit.parse(" 10000/h ")).isEqualTo(new RateLimit(10000, Duration.ofHours(1)));
    assertThat(RateLimit.parse("600/min").toString()).isEqualTo("600/min");
  }

  @Test
  void refusesAnythingElse() {
    for (String bad : new String[] {"", "600", "0/min", "-1/s", "10/m", "10/day", "x/min", null}) {
      assertThatThrownBy(() -> RateLimit.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("N/min");
    }
  }

  @Test
  void theAddressMapStaysBoundedUnderAFloodOfAddresses() {
    AddressLimiter limiter =
        new AddressLimiter(
            RateLimit.FAILURES_PER_ADDRESS,
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC),
            100);
    for (int i = 0; i < 1_000; i++) {
      limiter.recordFailure("10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(limiter.size()).isLessThanOrEqualTo(100);
  }

  @Test
  void anAddressIsRefusedOnlyOnceItsFailuresAreSpent() {
    AddressLimiter limiter = new AddressLimiter(new RateLimit(3, Duration.ofMinutes(1)));
    assertThat(limiter.refusal("a")).isNull();
    limiter.recordFailure("a");
    limiter.recordFailure("a");
    assertThat(limiter.refusal("a")).isNull();
    limiter.recordFailure("a");
    Budget refused = limiter.refusal("a");
    assertThat(refused).isNotNull();
    assertThat(refused.retryAfterSeconds()).isBetween(1L, 60L);
    assertThat(limiter.refusal("b")).isNull();
  }
}
