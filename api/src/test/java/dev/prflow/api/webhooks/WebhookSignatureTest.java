package dev.prflow.api.webhooks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.api.webhooks.WebhookSignature.Verdict;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  // The worked example in GitHub's "Validating webhook deliveries" guide.
  private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(UTF_8);
  private static final byte[] BODY = "Hello, World!".getBytes(UTF_8);
  private static final String EXPECTED =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void signsLikeGitHub() {
    assertThat(WebhookSignature.sign(SECRET, BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void acceptsGitHubsSignatureInEitherCase() {
    assertThat(WebhookSignature.verify(SECRET, BODY, EXPECTED)).isEqualTo(Verdict.VALID);
    assertThat(WebhookSignature.verify(SECRET, BODY, EXPECTED.toUpperCase()))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void tellsMissingMalformedAndWrongApart() {
    assertThat(WebhookSignature.verify(SECRET, BODY, null)).isEqualTo(Verdict.MISSING);
    assertThat(WebhookSignature.verify(SECRET, BODY, " ")).isEqualTo(Verdict.MISSING);
    assertThat(WebhookSignature.verify(SECRET, BODY, "sha1=abcd")).isEqualTo(Verdict.MALFORMED);
    assertThat(WebhookSignature.verify(SECRET, BODY, "sha256=abcd")).isEqualTo(Verdict.MALFORMED);
    assertThat(WebhookSignature.verify(SECRET, "Hello, World?".getBytes(UTF_8), EXPECTED))
        .isEqualTo(Verdict.MISMATCH);
    assertThat(WebhookSignature.verify("other".getBytes(UTF_8), BODY, EXPECTED))
        .isEqualTo(Verdict.MISMATCH);
  }
}
