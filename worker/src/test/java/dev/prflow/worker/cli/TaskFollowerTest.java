package dev.prflow.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** The progress display of {@code submit --follow}: in place on a terminal, plain lines in logs. */
class TaskFollowerTest {

  private static final String AGENT =
      "{\"id\":5,\"status\":\"running_agent\",\"current_step\":\"running_agent\","
          + "\"progress\":{\"step\":\"running_agent\",\"attempt\":2,\"strategy\":\"fix_forward\"}}";
  private static final String DONE =
      "{\"id\":5,\"status\":\"completed\",\"current_step\":\"completed\"}";

  @Test
  void terminalGetsASpinnerLineRedrawnInPlaceAndClearedBeforeTheNextStep() throws Exception {
    String out = follow(true, Duration.ofMinutes(1));

    assertThat(out)
        .contains("task 5 → running_agent (attempt 2, fix_forward)\n")
        .contains("\r\033[K| running_agent 0s")
        .contains("\r\033[K/ running_agent 0s")
        .contains("\r\033[K- running_agent 0s");
    // The spinner line is wiped before the next step's line is printed.
    assertThat(out.substring(out.lastIndexOf("\r\033[K")))
        .matches("(?s)\r\033\\[K\\d\\d:\\d\\d:\\d\\d  task 5 → completed\n");
    assertThat(out).doesNotContain("still running_agent");
  }

  @Test
  void logsGetPlainLinesInsteadOfRedrawing() throws Exception {
    String out = follow(false, Duration.ZERO);

    assertThat(out).doesNotContain("\r").doesNotContain("\033");
    assertThat(out.lines().filter(l -> l.contains("task 5   still running_agent after ")))
        .hasSize(3);
    assertThat(out).contains("task 5 → completed");
  }

  @Test
  void stepsThatCameAndWentBetweenTwoPollsAreShownFromTheRunsTimeline() throws Exception {
    String validating =
        "{\"id\":5,\"status\":\"validating\",\"current_step\":\"validating\","
            + "\"progress\":{\"step\":\"validating\",\"attempt\":0,"
            + "\"timeline\":[{\"step\":\"validating\"}]}}";
    String validatingPr =
        "{\"id\":5,\"status\":\"validating_pr\",\"current_step\":\"validating_pr\","
            + "\"progress\":{\"step\":\"validating_pr\",\"attempt\":1,\"strategy\":\"initial\","
            + "\"timeline\":[{\"step\":\"validating\"},{\"step\":\"generating_prompt\"},"
            + "{\"step\":\"running_agent\"},{\"step\":\"validating_pr\"}]}}";

    String out = follow(false, Duration.ofMinutes(1), validating, validatingPr, DONE);

    assertThat(out.lines().map(l -> l.substring(l.indexOf("task 5"))))
        .containsExactly(
            "task 5 → validating",
            "task 5 → generating_prompt",
            "task 5 → running_agent (attempt 1, initial)",
            "task 5 → validating_pr",
            "task 5 → completed");
  }

  private static String follow(boolean tty, Duration plainEvery) throws Exception {
    return follow(tty, plainEvery, AGENT, AGENT, AGENT, DONE);
  }

  private static String follow(boolean tty, Duration plainEvery, String... views) throws Exception {
    try (MockWebServer api = new MockWebServer()) {
      for (String view : views) {
        api.enqueue(new MockResponse.Builder().code(200).body(view).build());
      }
      api.start();
      StringWriter text = new StringWriter();
      ApiClient client =
          new ApiClient(new ApiSettings(api.url("/").toString().replaceAll("/$", ""), "k"));
      new TaskFollower(client, new PrintWriter(text, true), tty, Duration.ofMillis(1), plainEvery)
          .follow(5);
      return text.toString();
    }
  }
}
