package dev.prflow.activities.report;

import dev.prflow.workflows.model.Finding;
import java.util.List;

/** A judged validation: score, verdict, one-line summary, every finding and the markdown report. */
public record CompiledReport(
    int score,
    String verdict,
    String summary,
    List<Finding> findings,
    List<String> skipped,
    String markdown) {}
