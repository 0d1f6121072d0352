package dev.prflow.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookDependenciesTest {

  @Test
  void blankSecretCountsAsUnset() {
    assertThat(WebhookDependencies.secretFrom(null)).isNull();
    assertThat(WebhookDependencies.secretFrom("  ")).isNull();
    assertThat(WebhookDependencies.secretFrom("s3cret"))
        .isEqualTo("s3cret".getBytes(StandardCharsets.UTF_8));
  }
}
