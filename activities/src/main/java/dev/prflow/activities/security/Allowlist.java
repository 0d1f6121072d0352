package dev.prflow.activities.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Says when a candidate secret is not one: its file path, a regex over the secret (or the whole
 * match, or the line), or a stopword inside the secret. With condition {@code OR} any configured
 * criterion suffices; with {@code AND} every configured one must hold.
 *
 * @param targetRules for a global allowlist, the rule ids it applies to (empty: all rules)
 */
record Allowlist(
    String description,
    boolean and,
    List<Pattern> paths,
    List<Pattern> regexes,
    Target regexTarget,
    List<String> stopwords,
    Set<String> targetRules) {

  /** What {@code regexes} are matched against. */
  enum Target {
    SECRET,
    MATCH,
    LINE
  }

  Allowlist {
    paths = List.copyOf(paths);
    regexes = List.copyOf(regexes);
    stopwords = stopwords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    targetRules = Set.copyOf(targetRules);
  }

  boolean appliesTo(String ruleId) {
    return targetRules.isEmpty() || targetRules.contains(ruleId);
  }

  boolean isEmpty() {
    return paths.isEmpty() && regexes.isEmpty() && stopwords.isEmpty();
  }

  /** True when the path alone decides: only paths are configured and the path matches. */
  boolean allowsWholeFile(String path) {
    if (paths.isEmpty() || !pathMatches(path)) {
      return false;
    }
    return !and || (regexes.isEmpty() && stopwords.isEmpty());
  }

  boolean allows(String path, String secret, String match, String line, RegexRunner runner) {
    if (isEmpty()) {
      return false;
    }
    Boolean byPath = paths.isEmpty() ? null : pathMatches(path);
    Boolean byRegex = null;
    if (!regexes.isEmpty()) {
      String target =
          switch (regexTarget) {
            case SECRET -> secret;
            case MATCH -> match;
            case LINE -> line;
          };
      byRegex = false;
      for (Pattern regex : regexes) {
        if (runner.finds(regex, target)) {
          byRegex = true;
          break;
        }
      }
    }
    Boolean byStopword = null;
    if (!stopwords.isEmpty()) {
      String lower = secret.toLowerCase(Locale.ROOT);
      byStopword = stopwords.stream().anyMatch(lower::contains);
    }
    if (and) {
      return !Boolean.FALSE.equals(byPath)
          && !Boolean.FALSE.equals(byRegex)
          && !Boolean.FALSE.equals(byStopword);
    }
    return Boolean.TRUE.equals(byPath)
        || Boolean.TRUE.equals(byRegex)
        || Boolean.TRUE.equals(byStopword);
  }

  private boolean pathMatches(String path) {
    for (Pattern p : paths) {
      if (p.matcher(path).find()) {
        return true;
      }
    }
    return false;
  }

  /** Runs a regex under the scan's limits; a regex that runs out of budget counts as no match. */
  interface RegexRunner {
    boolean finds(Pattern regex, String text);
  }
}
