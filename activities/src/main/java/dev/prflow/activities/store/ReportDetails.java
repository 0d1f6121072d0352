package dev.prflow.activities.store;

import dev.prflow.workflows.model.DependencyChange;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.TestCounts;
import java.util.List;

/** The parts of a validation report beyond its summary row. */
public record ReportDetails(
    Integer score,
    String markdown,
    TestCounts counts,
    List<Finding> findings,
    List<String> skipped,
    List<DependencyChange> dependencies) {}
