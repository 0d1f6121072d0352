package dev.prflow.activities.time;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way prflow reads a duration, wherever a person writes one: environment variables, task
 * fields ({@code approval_timeout}) and {@code .prflow.yml} ({@code timeout}).
 *
 * <p>Grammar: a whole number followed by a unit, {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d} ({@code 250ms}, {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}); several such parts
 * from the largest unit to the smallest, each unit at most once, add up ({@code 1h30m}, {@code 1d
 * 12h}); a bare whole number is seconds ({@code 600}). Spaces may separate a number from its unit
 * and the parts; units are lower case. Nothing else: no signs, fractions or ISO-8601. Bounds (at
 * least, at most) belong to each setting and are checked by its reader.
 */
public final class Durations {

  /** The grammar in a sentence, for error messages and documentation. */
  public static final String GRAMMAR =
      "a whole number followed by ms, s, m, h or d (90s, 15m, 2h, 7d, or 1h30m), or a bare whole"
          + " number of seconds";

  private static final List<String> UNITS = List.of("d", "h", "m", "s", "ms");
  private static final Pattern PART = Pattern.compile("\\G\\s*(\\d{1,18})\\s*(ms|s|m|h|d)");
  private static final Pattern BARE = Pattern.compile("\\d{1,18}");

  private Durations() {}

  /**
   * Reads {@code text} by the grammar above.
   *
   * @throws IllegalArgumentException saying what is wrong with it, in words a person can act on;
   *     the message quotes the value, so a caller prefixes only the setting's name ({@code
   *     "PRFLOW_AGENT_TIMEOUT: " + e.getMessage()})
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an empty value is not a duration; expected " + GRAMMAR);
    }
    String s = text.strip();
    try {
      if (BARE.matcher(s).matches()) {
        return Duration.ofSeconds(Long.parseLong(s));
      }
      Matcher m = PART.matcher(s);
      Duration total = Duration.ZERO;
      int end = 0;
      int lastUnit = -1;
      while (m.find()) {
        int unit = UNITS.indexOf(m.group(2));
        if (unit <= lastUnit) {
          throw new IllegalArgumentException(
              "\""
                  + s
                  + "\" lists its units out of order or twice; write them largest first, each"
                  + " once, as in 1h30m");
        }
        lastUnit = unit;
        total = total.plus(part(Long.parseLong(m.group(1)), m.group(2)));
        end = m.end();
      }
      if (end == 0 || end != s.length()) {
        throw new IllegalArgumentException("\"" + s + "\" is not a duration; expected " + GRAMMAR);
      }
      return total;
    } catch (ArithmeticException tooLarge) {
      throw new IllegalArgumentException("\"" + s + "\" is too large a duration");
    }
  }

  private static Duration part(long n, String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofSeconds(Math.multiplyExact(n, 60L));
      case "h" -> Duration.ofSeconds(Math.multiplyExact(n, 3600L));
      default -> Duration.ofSeconds(Math.multiplyExact(n, 86_400L));
    };
  }
}
