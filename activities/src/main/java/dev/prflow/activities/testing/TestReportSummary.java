package dev.prflow.activities.testing;

import dev.prflow.workflows.model.TestCounts;
import dev.prflow.workflows.model.TestFailure;
import java.util.List;

/**
 * What the JUnit XML reports of one run say. {@code counts} is null when no report could be read;
 * {@code notes} explain what was skipped (malformed or oversized files, unlisted failures).
 */
public record TestReportSummary(TestCounts counts, List<TestFailure> failures, List<String> notes) {

  public TestReportSummary {
    failures = List.copyOf(failures);
    notes = List.copyOf(notes);
  }

  public static TestReportSummary none() {
    return new TestReportSummary(null, List.of(), List.of());
  }
}
