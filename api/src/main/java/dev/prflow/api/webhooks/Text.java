package dev.prflow.api.webhooks;

/** Length limits counted in Unicode code points, as the task API counts them. */
final class Text {

  private Text() {}

  /** {@code s} cut to at most {@code max} code points; null stays null. */
  static String truncate(String s, int max) {
    if (s == null || s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max));
  }
}
