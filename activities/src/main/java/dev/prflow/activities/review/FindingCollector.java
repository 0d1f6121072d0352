package dev.prflow.activities.review;

import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.ReviewResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers findings and notes about what was skipped. Caps each rule at {@link #MAX_PER_RULE}
 * findings so that a huge diff (a vendored library, a generated file) yields a readable report
 * rather than thousands of identical lines; what the cap dropped is counted in {@code skipped}.
 */
final class FindingCollector {

  static final int MAX_PER_RULE = 100;

  private static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> !ReviewConfig.CATEGORY.equals(f.category()))
          .thenComparing(Finding::file, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Finding::line, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Finding::rule, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final List<Finding> findings = new ArrayList<>();
  private final Map<String, Integer> perRule = new HashMap<>();
  private final Map<String, Integer> dropped = new TreeMap<>();
  private final Set<String> skipped = new LinkedHashSet<>();

  void add(Finding finding) {
    int count = perRule.merge(finding.rule(), 1, Integer::sum);
    if (count > MAX_PER_RULE) {
      dropped.merge(finding.rule(), 1, Integer::sum);
    } else {
      findings.add(finding);
    }
  }

  void addAll(List<Finding> all) {
    all.forEach(this::add);
  }

  /** Notes something the review could not look at, and why. Repeated notes are kept once. */
  void skip(String note) {
    skipped.add(note);
  }

  ReviewResult result() {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(ORDER);
    List<String> notes = new ArrayList<>(skipped);
    dropped.forEach(
        (rule, count) ->
            notes.add(
                rule
                    + ": "
                    + count
                    + " more findings not listed (only the first "
                    + MAX_PER_RULE
                    + " are kept)"));
    return new ReviewResult(sorted, notes);
  }
}
