package dev.prflow.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.workflows.model.Notification;
import dev.prflow.workflows.model.TaskStatus;
import org.junit.jupiter.api.Test;

class SlackMessageTest {

  private static JsonNode body(String event, String title, String message, String url) {
    return SlackMessage.body(new Notification(42, event, title, message, url));
  }

  @Test
  void givenACompletedTask_itShouldSendFallbackTextAndHeaderSectionContextBlocks() {
    JsonNode body =
        body("completed", "Add login", "all checks passed", "https://github.com/o/r/pull/7");

    assertThat(body.get("text").asText())
        .isEqualTo(":white_check_mark: Completed — task 42: Add login")
        .doesNotContain("\n");
    JsonNode blocks = body.get("blocks");
    assertThat(blocks).hasSize(3);
    assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("plain_text");
    assertThat(blocks.get(0).at("/text/text").asText())
        .isEqualTo(":white_check_mark: Completed: Add login");
    assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
    assertThat(blocks.get(1).at("/text/type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(1).at("/text/text").asText())
        .isEqualTo(
            "*Add login*\nall checks passed\n<https://github.com/o/r/pull/7|View pull request>");
    assertThat(blocks.get(2).get("type").asText()).isEqualTo("context");
    assertThat(blocks.get(2).get("elements")).hasSize(1);
    assertThat(blocks.get(2).at("/elements/0/type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(2).at("/elements/0/text").asText())
        .isEqualTo("Task 42 · status `completed`");
  }

  @Test
  void givenSlackControlCharacters_itShouldEscapeThemInMrkdwnButNotInPlainText() {
    JsonNode body = body("failed", "Fix <b> & <i>", "expected a > b && <@U123>", null);

    assertThat(body.get("text").asText()).contains("Fix &lt;b&gt; &amp; &lt;i&gt;");
    String section = body.at("/blocks/1/text/text").asText();
    assertThat(section)
        .isEqualTo("*Fix &lt;b&gt; &amp; &lt;i&gt;*\nexpected a &gt; b &amp;&amp; &lt;@U123&gt;");
    assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo(":x: Failed: Fix <b> & <i>");
  }

  @Test
  void givenALinkWithAmpersandsAndPipes_itShouldKeepTheLinkIntact() {
    String section =
        body("awaiting_approval", "t", null, "https://example.com/pr?a=1&b=x|y")
            .at("/blocks/1/text/text")
            .asText();

    assertThat(section).endsWith("\n<https://example.com/pr?a=1&amp;b=x%7Cy|View pull request>");
  }

  @Test
  void givenNoUrl_itShouldOmitTheLink() {
    assertThat(body("cancelled", "t", "m", null).at("/blocks/1/text/text").asText())
        .isEqualTo("*t*\nm");
  }

  @Test
  void givenAUrlThatIsNotHttp_itShouldShowItAsEscapedTextNotALink() {
    assertThat(body("rejected", "t", null, "local:<repo>/pr/3").at("/blocks/1/text/text").asText())
        .isEqualTo("*t*\nPull request: local:&lt;repo&gt;/pr/3");
  }

  @Test
  void givenAMultiLineTitle_itShouldKeepTheFallbackOnOneLine() {
    assertThat(body("completed", "line one\n  line two", null, null).get("text").asText())
        .isEqualTo(":white_check_mark: Completed — task 42: line one line two");
  }

  @Test
  void givenLongTexts_itShouldStayWithinSlackLimits() {
    JsonNode body = body("validation_failed", "t".repeat(500), "&".repeat(5000), null);

    assertThat(body.at("/blocks/0/text/text").asText().length())
        .isLessThanOrEqualTo(SlackMessage.HEADER_LIMIT);
    String section = body.at("/blocks/1/text/text").asText();
    assertThat(section.length()).isLessThanOrEqualTo(SlackMessage.SECTION_LIMIT);
    assertThat(section).endsWith("&amp;…");
    assertThat(body.get("text").asText().length()).isLessThanOrEqualTo(SlackMessage.FALLBACK_LIMIT);
  }

  @Test
  void onlyOutcomesAndApprovalRequestsAreNotifiable() {
    assertThat(TaskStatus.ALL)
        .filteredOn(SlackMessage::isNotifiable)
        .containsExactlyInAnyOrder(
            "completed",
            "validation_failed",
            "failed",
            "cancelled",
            "rejected",
            "awaiting_approval");
    assertThat(SlackMessage.isNotifiable(null)).isFalse();
    assertThatThrownBy(() -> body("running_agent", "t", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
