package dev.prflow.activities.security;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One secret detector in gitleaks' terms.
 *
 * @param regex null for a rule that flags files by {@code path} alone
 * @param secretGroup the capture group holding the secret; 0 means the first non-empty group, or
 *     the whole match when the regex has no groups
 * @param entropy minimum Shannon entropy of the secret; 0 for none
 * @param keywords lower-case; the regex runs on a line only if one of them occurs in it (none: on
 *     every line)
 * @param path only files whose path this matches are scanned by the rule; null for all
 */
record SecretRule(
    String id,
    String description,
    Pattern regex,
    int secretGroup,
    double entropy,
    List<String> keywords,
    Pattern path,
    List<Allowlist> allowlists) {

  SecretRule {
    keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    allowlists = List.copyOf(allowlists);
  }

  /** {@code lowerLine} must already be lower-cased with {@link Locale#ROOT}. */
  boolean keywordIn(String lowerLine) {
    if (keywords.isEmpty()) {
      return true;
    }
    for (String keyword : keywords) {
      if (lowerLine.contains(keyword)) {
        return true;
      }
    }
    return false;
  }

  String label() {
    return description == null || description.isBlank() ? id : description;
  }
}
