package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.api.auth.RateLimit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {

  @Test
  void prflowRateLimitDefaultsTo600PerMinuteAndAMalformedOneNamesTheVariable() {
    assertThat(PrflowConfig.from(Map.of()).rateLimit()).isEqualTo(RateLimit.DEFAULT_PER_KEY);
    assertThat(PrflowConfig.from(Map.of("PRFLOW_RATE_LIMIT", "20/s")).rateLimit())
        .isEqualTo(new RateLimit(20, Duration.ofSeconds(1)));
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_RATE_LIMIT", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PRFLOW_RATE_LIMIT")
        .hasMessageContaining("lots");
  }
}
