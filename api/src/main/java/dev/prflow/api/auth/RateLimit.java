package dev.prflow.api.auth;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request budget: {@code requests} per {@code period}, refilled smoothly. Written {@code N/s},
 * {@code N/min} or {@code N/h}, as in {@code PRFLOW_RATE_LIMIT}.
 */
public record RateLimit(long requests, Duration period) {

  /** Per API key unless {@code PRFLOW_RATE_LIMIT} says otherwise. */
  public static final RateLimit DEFAULT_PER_KEY = new RateLimit(600, Duration.ofMinutes(1));

  /** Per client address, for failed authentications and badly signed webhook deliveries. */
  public static final RateLimit FAILURES_PER_ADDRESS = new RateLimit(30, Duration.ofMinutes(1));

  private static final Pattern GRAMMAR = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(s|min|h)\\s*");

  public RateLimit {
    if (requests < 1) {
      throw new IllegalArgumentException("a rate limit allows at least 1 request");
    }
    if (period == null || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("a rate limit needs a positive period");
    }
  }

  /** Parses {@code N/s}, {@code N/min} or {@code N/h}; IllegalArgumentException otherwise. */
  public static RateLimit parse(String text) {
    Matcher m = text == null ? null : GRAMMAR.matcher(text);
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) < 1) {
      throw new IllegalArgumentException(
          "must be N/s, N/min or N/h with N at least 1 (e.g. 600/min), not " + text);
    }
    Duration period =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(1);
          case "min" -> Duration.ofMinutes(1);
          default -> Duration.ofHours(1);
        };
    return new RateLimit(Long.parseLong(m.group(1)), period);
  }

  @Override
  public String toString() {
    String unit =
        period.equals(Duration.ofSeconds(1))
            ? "s"
            : period.equals(Duration.ofMinutes(1))
                ? "min"
                : period.equals(Duration.ofHours(1)) ? "h" : period.toString();
    return requests + "/" + unit;
  }
}
