package dev.prflow.activities.security;

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

  private Redactor() {}

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
