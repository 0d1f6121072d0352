package dev.prflow.activities.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void givenALongSecret_whenRedacted_itKeepsOnlyTheFirstFourCharacters() {
    assertThat(Redactor.redact("AKIAX2FJUGD6TXKIC26A")).isEqualTo("AKIA…");
    assertThat(Redactor.redact("ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5")).isEqualTo("ghp_…");
  }

  @Test
  void givenAShortSecret_whenRedacted_itShowsNothing() {
    assertThat(Redactor.redact("hunter2")).isEqualTo("…");
    assertThat(Redactor.redact("abcdefghijk")).isEqualTo("…");
    assertThat(Redactor.redact("")).isEqualTo("…");
    assertThat(Redactor.redact(null)).isEqualTo("…");
  }

  @Test
  void givenASecretStartingWithSurrogatePairs_whenRedacted_itDoesNotSplitACharacter() {
    String secret = "🔑🔑🔑🔑🔑rest-of-the-secret";
    assertThat(Redactor.redact(secret)).isEqualTo("🔑🔑🔑🔑…");
  }

  @Test
  void tokensShapedLikeKeysAreMaskedInALineAndWordsAreKept() {
    assertThat(
            Redactor.maskTokens(
                "url = postgres://admin:s3cretPass@db:5432/app and AKIAX2FJUGD6TXKIC26A here"))
        .isEqualTo("url = post… and AKIA… here");
    assertThat(Redactor.maskTokens("System.out.println(result); // a perfectly ordinary comment"))
        .isEqualTo("System.out.println(result); // a perfectly ordinary comment");
    assertThat(Redactor.maskTokens(null)).isNull();
  }
}
