package dev.prflow.activities.review;

import dev.prflow.workflows.model.Finding;
import java.util.Map;

/**
 * The review rules that look at the diff itself rather than at parsed code. Each id is what a
 * repository writes under {@code review.rules} in {@code .prflow.yml}; {@code options} lists the
 * numeric settings it accepts besides {@code enabled} and {@code severity}, with their defaults.
 */
enum DiffRule {
  LARGE_PR("large-pr", Finding.WARNING, Map.of("max_changed_lines", 800, "max_files", 50)),
  SOURCE_WITHOUT_TESTS("source-without-tests", Finding.WARNING, Map.of()),
  TODO_ADDED("todo-added", Finding.INFO, Map.of()),
  DEBUG_OUTPUT("debug-output", Finding.WARNING, Map.of()),
  COMMENTED_OUT_CODE("commented-out-code", Finding.INFO, Map.of("min_lines", 3)),
  LARGE_FILE("large-file", Finding.WARNING, Map.of("max_file_kb", 500)),
  BINARY_FILE("binary-file", Finding.INFO, Map.of()),
  LOCKFILE_DRIFT("lockfile-drift", Finding.WARNING, Map.of());

  private final String id;
  private final String defaultSeverity;
  private final Map<String, Integer> options;

  DiffRule(String id, String defaultSeverity, Map<String, Integer> options) {
    this.id = id;
    this.defaultSeverity = defaultSeverity;
    this.options = options;
  }

  String id() {
    return id;
  }

  String defaultSeverity() {
    return defaultSeverity;
  }

  /** Numeric options and their defaults. */
  Map<String, Integer> options() {
    return options;
  }

  static DiffRule byId(String id) {
    for (DiffRule rule : values()) {
      if (rule.id.equals(id)) {
        return rule;
      }
    }
    return null;
  }
}
