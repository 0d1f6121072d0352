package dev.prflow.api.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a task's lists out of an issue body: checklist items ({@code - [ ] …}, {@code * [x] …})
 * become acceptance criteria, other top-level bullets become requirements. Fenced code is skipped,
 * so a bullet inside an example is not mistaken for either.
 */
final class IssueMarkdown {

  static final int MAX_ITEMS = 50;
  static final int MAX_ITEM_LENGTH = 2_000;

  private static final Pattern CHECKLIST_ITEM =
      Pattern.compile("^\\s*[-*+]\\s+\\[[ xX]\\]\\s+(\\S.*)$");
  // Top level: at most three spaces before the marker, as in CommonMark.
  private static final Pattern TOP_LEVEL_BULLET = Pattern.compile("^ {0,3}[-*+]\\s+(\\S.*)$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  private static final Pattern THEMATIC_BREAK = Pattern.compile("^[-*_\\s]+$");

  private IssueMarkdown() {}

  /** The checklist items, checked or not, in order; at most {@link #MAX_ITEMS}. */
  static List<String> checklist(String body) {
    List<String> items = new ArrayList<>();
    for (String line : outsideCode(body)) {
      Matcher m = CHECKLIST_ITEM.matcher(line);
      if (m.matches()) {
        add(items, m.group(1));
      }
    }
    return List.copyOf(items);
  }

  /** Top-level bullets that are not checklist items, in order; at most {@link #MAX_ITEMS}. */
  static List<String> bullets(String body) {
    List<String> items = new ArrayList<>();
    for (String line : outsideCode(body)) {
      Matcher m = TOP_LEVEL_BULLET.matcher(line);
      if (m.matches()
          && !CHECKLIST_ITEM.matcher(line).matches()
          && !THEMATIC_BREAK.matcher(line).matches()) {
        add(items, m.group(1));
      }
    }
    return List.copyOf(items);
  }

  private static void add(List<String> items, String raw) {
    if (items.size() < MAX_ITEMS) {
      items.add(Text.truncate(raw.strip(), MAX_ITEM_LENGTH));
    }
  }

  private static List<String> outsideCode(String body) {
    List<String> lines = new ArrayList<>();
    if (body == null) {
      return lines;
    }
    String fence = null;
    for (String line : body.split("\\R")) {
      Matcher m = FENCE.matcher(line);
      if (fence == null) {
        if (m.find()) {
          fence = m.group(1);
        } else {
          lines.add(line);
        }
      } else if (m.find()
          && m.group(1).charAt(0) == fence.charAt(0)
          && m.group(1).length() >= fence.length()
          && line.strip().length() == m.group(1).length()) {
        fence = null;
      }
    }
    return lines;
  }
}
