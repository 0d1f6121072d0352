package dev.prflow.activities.security;

import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.workflows.model.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs secret rules over the added lines of one file at a time: keyword prefilter first, then the
 * rule's regex under a step budget, then entropy and allowlists. Secrets leave this class only as
 * {@link Redactor} stubs.
 */
final class SecretDetector {

  static final String CATEGORY = "security";
  static final String SUGGESTION =
      "Remove the value from the change and rotate it (it is in the branch history now); load it"
          + " from the environment or a secret manager instead.";

  private final SecretRules rules;
  private final ScanLimits limits;

  /** Regex evaluations that passed the keyword prefilter; a test hook. */
  long evaluations;

  SecretDetector(SecretRules rules, ScanLimits limits) {
    this.rules = rules;
    this.limits = limits;
  }

  /**
   * Scans one file's added lines; stops early (and says so) once {@code deadlineNanos} passes.
   *
   * @return false if the deadline stopped the scan
   */
  boolean scan(FileDiff file, List<Finding> out, Skipped skipped, long deadlineNanos) {
    String path = file.path();
    List<SecretRule> active = new ArrayList<>();
    for (SecretRule rule : rules.rules()) {
      if (globallyAllowedFile(rule, path)) {
        continue;
      }
      if (rule.path() != null && !rule.path().matcher(path).find()) {
        continue;
      }
      if (rule.allowlists().stream().anyMatch(a -> a.allowsWholeFile(path))) {
        continue;
      }
      if (rule.regex() == null) {
        out.add(
            new Finding(
                CATEGORY,
                path,
                null,
                Finding.ERROR,
                rule.id(),
                rule.label() + " file " + path,
                SUGGESTION));
        continue;
      }
      active.add(rule);
    }
    if (active.isEmpty()) {
      if (!file.added().isEmpty() && !rules.rules().isEmpty()) {
        skipped.add(path + ": allowlisted path, not scanned for secrets");
      }
      return true;
    }
    int count = 0;
    for (DiffLine line : file.added()) {
      if ((++count & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
        skipped.add(
            path + ": secret scan stopped at line " + line.line() + " (scan time budget spent)");
        return false;
      }
      String text = line.text();
      if (text.length() > limits.maxLineChars()) {
        skipped.add(
            path
                + ":"
                + line.line()
                + ": only the first "
                + limits.maxLineChars()
                + " characters scanned");
        text = text.substring(0, limits.maxLineChars());
      }
      scanLine(path, line.line(), text, active, out, skipped);
    }
    return true;
  }

  private boolean globallyAllowedFile(SecretRule rule, String path) {
    for (Allowlist allowlist : rules.allowlists()) {
      if (allowlist.appliesTo(rule.id()) && allowlist.allowsWholeFile(path)) {
        return true;
      }
    }
    return false;
  }

  private void scanLine(
      String path,
      int lineNo,
      String text,
      List<SecretRule> active,
      List<Finding> out,
      Skipped skipped) {
    String lower = null;
    List<int[]> spans = null;
    for (SecretRule rule : active) {
      if (!rule.keywords().isEmpty()) {
        if (lower == null) {
          lower = text.toLowerCase(Locale.ROOT);
        }
        if (!rule.keywordIn(lower)) {
          continue;
        }
      }
      evaluations++;
      try {
        Matcher m = BoundedText.matcher(rule.regex(), text, limits);
        while (m.find()) {
          int group = secretGroup(m, rule.secretGroup());
          String secret = m.group(group);
          if (secret == null || secret.isBlank()) {
            continue;
          }
          secret = secret.strip();
          if (rule.entropy() > 0 && Entropy.shannon(secret) < rule.entropy()) {
            continue;
          }
          String match = m.group();
          if (allowed(rule, path, secret, match, text)) {
            continue;
          }
          int start = m.start(group);
          int end = m.end(group);
          if (spans == null) {
            spans = new ArrayList<>(2);
          }
          if (overlaps(spans, start, end)) {
            continue; // an earlier, more specific rule already reported this value
          }
          spans.add(new int[] {start, end});
          out.add(
              new Finding(
                  CATEGORY,
                  path,
                  lineNo,
                  Finding.ERROR,
                  rule.id(),
                  rule.label() + " " + Redactor.redact(secret) + " in " + path,
                  SUGGESTION));
          if (m.end() == m.start() && m.end() >= text.length()) {
            break;
          }
        }
      } catch (BoundedText.BudgetExceeded e) {
        skipped.add(
            path + ":" + lineNo + ": rule " + rule.id() + " skipped (" + e.getMessage() + ")");
      }
    }
  }

  private static int secretGroup(Matcher m, int configured) {
    if (configured > 0) {
      return configured;
    }
    for (int g = 1; g <= m.groupCount(); g++) {
      String value = m.group(g);
      if (value != null && !value.isEmpty()) {
        return g;
      }
    }
    return 0;
  }

  private boolean allowed(SecretRule rule, String path, String secret, String match, String line) {
    for (Allowlist allowlist : rule.allowlists()) {
      if (allowlist.allows(path, secret, match, line, this::finds)) {
        return true;
      }
    }
    for (Allowlist allowlist : rules.allowlists()) {
      if (allowlist.appliesTo(rule.id())
          && allowlist.allows(path, secret, match, line, this::finds)) {
        return true;
      }
    }
    return false;
  }

  /** An allowlist regex that runs out of budget does not allow: the finding stands. */
  private boolean finds(Pattern regex, String text) {
    try {
      return BoundedText.matcher(regex, text, limits).find();
    } catch (BoundedText.BudgetExceeded e) {
      return false;
    }
  }

  private static boolean overlaps(List<int[]> spans, int start, int end) {
    for (int[] span : spans) {
      if (start < span[1] && span[0] < end) {
        return true;
      }
    }
    return false;
  }
}
