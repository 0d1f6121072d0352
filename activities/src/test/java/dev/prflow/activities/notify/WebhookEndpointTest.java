package dev.prflow.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookEndpointTest {

  private static final String URL =
      "https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/xoxSecretToken123";

  @Test
  void displayShowsSchemeAndHostOnly() {
    WebhookEndpoint endpoint = WebhookEndpoint.parse(URL);

    assertThat(endpoint.display()).isEqualTo("https://hooks.slack.com/…");
    assertThat(endpoint).hasToString("https://hooks.slack.com/…");
  }

  @Test
  void scrubRemovesTheUrlAndEveryPartOfItsPath() {
    WebhookEndpoint endpoint = WebhookEndpoint.parse(URL + "?token=querySecret99");

    String scrubbed =
        endpoint.scrub(
            "POST "
                + URL
                + "?token=querySecret99 failed; path /services/T0AAAAAAA/B0BBBBBBB/xoxSecretToken123"
                + " token xoxSecretToken123 query querySecret99");

    assertThat(scrubbed)
        .doesNotContain("xoxSecretToken123", "T0AAAAAAA", "B0BBBBBBB", "querySecret99")
        .startsWith("POST https://hooks.slack.com/… failed");
  }

  @Test
  void badValuesAreRejectedWithoutRepeatingThem() {
    assertThatThrownBy(() -> WebhookEndpoint.parse("hooks.slack.com/services/secretPart"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NOTIFY_WEBHOOK_URL is not an http(s) URL");
    assertThatThrownBy(() -> WebhookEndpoint.parse(" ")).hasMessage("NOTIFY_WEBHOOK_URL is empty");
  }
}
