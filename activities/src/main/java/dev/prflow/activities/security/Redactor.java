package dev.prflow.activities.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortens a secret to a recognisable stub so that a finding can be acted on without the report,
 * the database or a log ever holding the whole value.
 */
public final class Redactor {

  /** Characters kept from the start of a secret. */
  static final int KEPT = 4;

  /** A secret shorter than this is not shown at all: four characters would give away too much. */
  static final int MIN_LENGTH_TO_SHOW = 12;

  private static final String ELLIPSIS = "…";

  /**
   * A run of token characters long enough, and mixed enough, to be a key: access key ids, API
   * tokens, JWTs, URLs with inline passwords.
   */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-+/=.:@~]{16,}");

  private Redactor() {}

  /**
   * A line of code fit to quote in a finding: every token that could be a secret (16 or more token
   * characters with both letters and digits) is {@link #redact redacted}, whatever rule would or
   * would not have flagged it.
   */
  public static String maskTokens(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String token = m.group();
      boolean letters = token.chars().anyMatch(Character::isLetter);
      boolean digits = token.chars().anyMatch(Character::isDigit);
      m.appendReplacement(out, Matcher.quoteReplacement(letters && digits ? redact(token) : token));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The first four characters followed by "…"; secrets under {@value #MIN_LENGTH_TO_SHOW}
   * characters (and null) become "…" only.
   */
  public static String redact(String secret) {
    if (secret == null) {
      return ELLIPSIS;
    }
    int codePoints = secret.codePointCount(0, secret.length());
    if (codePoints < MIN_LENGTH_TO_SHOW) {
      return ELLIPSIS;
    }
    int end = secret.offsetByCodePoints(0, KEPT);
    return secret.substring(0, end) + ELLIPSIS;
  }
}
