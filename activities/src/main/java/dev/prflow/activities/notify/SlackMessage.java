package dev.prflow.activities.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.workflows.model.Notification;
import dev.prflow.workflows.model.TaskStatus;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The Slack-compatible JSON for a notification: a plain {@code text} fallback (shown in push
 * notifications and by webhooks that ignore blocks) and Block Kit {@code blocks} with a header, the
 * details and a context line. Slack's length limits are respected by truncating.
 */
public final class SlackMessage {

  /** The task statuses people hear about, with the header prefix for each. */
  static final Map<String, String> EVENTS =
      Map.of(
          TaskStatus.COMPLETED, ":white_check_mark: Completed",
          TaskStatus.VALIDATION_FAILED, ":warning: Validation failed",
          TaskStatus.FAILED, ":x: Failed",
          TaskStatus.CANCELLED, ":no_entry_sign: Cancelled",
          TaskStatus.REJECTED, ":no_entry: Rejected",
          TaskStatus.AWAITING_APPROVAL, ":raised_hand: Approval needed");

  static final int HEADER_LIMIT = 150;
  static final int SECTION_LIMIT = 3000;
  static final int FALLBACK_LIMIT = 300;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SlackMessage() {}

  /** True for the events a webhook posts; other statuses are not worth a message. */
  public static boolean isNotifiable(String event) {
    return event != null && EVENTS.containsKey(event);
  }

  /** The request body for {@code n}, whose event must be {@link #isNotifiable notifiable}. */
  public static ObjectNode body(Notification n) {
    String label = EVENTS.get(n.event());
    if (label == null) {
      throw new IllegalArgumentException("not a notifiable event: " + n.event());
    }
    String title = oneLine(n.title() == null || n.title().isBlank() ? "(untitled)" : n.title());
    HttpUrl link = n.url() == null ? null : HttpUrl.parse(n.url().strip());

    ObjectNode root = MAPPER.createObjectNode();
    root.put(
        "text", truncate(escape(label + " — task " + n.taskId() + ": " + title), FALLBACK_LIMIT));

    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", truncate(label + ": " + title, HEADER_LIMIT))
        .put("emoji", true);

    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", sectionText(n, title, link));

    ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
    context
        .addObject()
        .put("type", "mrkdwn")
        .put("text", "Task " + n.taskId() + " · status `" + escape(n.event()) + "`");
    return root;
  }

  private static String sectionText(Notification n, String title, HttpUrl link) {
    StringBuilder text = new StringBuilder("*").append(escape(title)).append('*');
    String linkLine = "";
    if (link != null) {
      linkLine = "\n<" + linkTarget(link) + "|View pull request>";
    } else if (n.url() != null && !n.url().isBlank()) {
      linkLine = "\nPull request: " + escape(oneLine(n.url()));
    }
    if (n.message() != null && !n.message().isBlank()) {
      int room = SECTION_LIMIT - text.length() - linkLine.length() - 1;
      text.append('\n').append(truncate(escape(n.message().strip()), Math.max(room, 0)));
    }
    return truncate(text.append(linkLine).toString(), SECTION_LIMIT);
  }

  /**
   * Slack's three control characters as entities, as its formatting reference asks; everything else
   * is shown as typed.
   */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A URL safe inside {@code <url|label>}: HttpUrl encodes '<' and '>'; '|' would end the URL. */
  private static String linkTarget(HttpUrl url) {
    return escape(url.toString()).replace("|", "%7C");
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** Cuts on a code point boundary and never inside an {@code &amp;}-style entity. */
  static String truncate(String text, int limit) {
    if (text.codePointCount(0, text.length()) <= limit) {
      return text;
    }
    int end = text.offsetByCodePoints(0, Math.max(limit - 1, 0));
    int amp = text.lastIndexOf('&', end - 1);
    if (amp >= 0 && text.indexOf(';', amp) >= end) {
      end = amp;
    }
    return text.substring(0, end) + "…";
  }
}
