package dev.prflow.activities.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pull request a run produced, picked from {@code github_pull_requests[].url}. prflow keeps one
 * open pull request per task, so when a run opened several we take the first and say so.
 */
public record PullRequestChoice(String url, int number, List<String> warnings) {

  private static final Pattern PULL_NUMBER = Pattern.compile("/pull/(\\d+)(?:[/?#].*)?$");

  public PullRequestChoice {
    warnings = List.copyOf(warnings);
  }

  /**
   * The first URL with a {@code /pull/N} number, or empty when the run reported none.
   *
   * @throws CodegenException {@code MALFORMED} when URLs were reported but none names a pull number
   */
  public static Optional<PullRequestChoice> choose(String runId, List<String> urls) {
    List<String> present = urls.stream().filter(u -> u != null && !u.isBlank()).toList();
    if (present.isEmpty()) {
      return Optional.empty();
    }
    List<String> warnings = new ArrayList<>();
    for (String url : present) {
      int number = numberOf(url);
      if (number > 0) {
        if (present.size() > 1) {
          warnings.add(
              "Codegen run "
                  + runId
                  + " opened "
                  + present.size()
                  + " pull requests; using "
                  + url
                  + " and ignoring "
                  + present.stream().filter(u -> !u.equals(url)).toList());
        }
        return Optional.of(new PullRequestChoice(url, number, warnings));
      }
    }
    throw new CodegenException(
        CodegenException.Kind.MALFORMED,
        "Codegen run "
            + runId
            + " reported pull request URL(s) "
            + present
            + " but none has the form .../pull/<number>");
  }

  /** The number in {@code .../pull/N}, or -1. */
  public static int numberOf(String url) {
    Matcher m = PULL_NUMBER.matcher(url.trim());
    if (!m.find()) {
      return -1;
    }
    try {
      return Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
