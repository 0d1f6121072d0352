package dev.prflow.activities.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.workflows.model.TaskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTermsTest {

  private static TaskSpec task(String title, String description, String... requirements) {
    return new TaskSpec(
        1,
        title,
        description,
        List.of(requirements),
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void splitsCamelCaseAndSnakeCase() {
    assertThat(KeyTerms.words("RateLimiter http_client parseJSONBody"))
        .containsExactly("rate", "limiter", "http", "client", "parse", "json", "body");
  }

  @Test
  void dropsStopWordsGenericWordsAndShortWords() {
    assertThat(KeyTerms.words("Add a function that should implement the code for an API test"))
        .containsExactly("api");
  }

  @Test
  void reducesPluralsButKeepsWordsEndingInDoubleS() {
    assertThat(KeyTerms.words("tokens headers entries status class address"))
        .containsExactly("token", "header", "entry", "status", "address");
  }

  @Test
  void ranksByFrequencyWithTitleWeightedAndTiesInOrderOfFirstUse() {
    TaskSpec task =
        task(
            "Cache invalidation",
            "The webhook handler writes to the webhook queue.",
            "Invalidate cache entries on webhook");

    assertThat(KeyTerms.of(task))
        .containsExactly(
            "cache", "invalidation", "webhook", "invalidate", "entry", "handler", "queue");
  }

  @Test
  void deduplicatesAndCapsTheNumberOfTerms() {
    TaskSpec task =
        task(
            "alpha bravo charlie",
            "delta echo foxtrot golf hotel india juliet kilo lima mike november oscar alpha",
            "bravo");

    List<String> terms = KeyTerms.of(task);

    assertThat(terms).hasSize(KeyTerms.MAX_TERMS).doesNotHaveDuplicates();
    assertThat(terms.subList(0, 3)).containsExactly("alpha", "bravo", "charlie");
  }

  @Test
  void taskWithOnlyGenericWordsHasNoTerms() {
    assertThat(KeyTerms.of(task("Add tests", "Implement it and update the code"))).isEmpty();
  }

  @Test
  void pathWordsSplitSegmentsAndCamelCase() {
    assertThat(KeyTerms.pathWords("src/main/RateLimiters.java"))
        .contains("src", "main", "rate", "limiters", "limiter", "java");
    assertThat(KeyTerms.inPath("limit", KeyTerms.pathWords("RateLimiter.java"))).isTrue();
    assertThat(KeyTerms.inPath("rate", KeyTerms.pathWords("GeneratedPrompt.java"))).isFalse();
  }
}
