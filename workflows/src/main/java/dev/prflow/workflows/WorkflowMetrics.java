package dev.prflow.workflows;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ValueBuckets;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * prflow's figures about finished work, counted in the workflow through {@link
 * Workflow#getMetricsScope()}: that scope stays silent while a workflow replays, so a task is
 * counted once however often its history is replayed or its activities retried. Emitting a metric
 * is not a workflow command, so these calls never change the command order. The names become the
 * Prometheus names {@code prflow_tasks_finished_total}, {@code prflow_task_attempts}, {@code
 * prflow_validation_verdicts_total} and {@code prflow_findings_total}.
 */
public final class WorkflowMetrics {

  public static final String TASKS_FINISHED = "prflow_tasks_finished";
  public static final String TASK_ATTEMPTS = "prflow_task_attempts";
  public static final String VERDICTS = "prflow_validation_verdicts";
  public static final String FINDINGS = "prflow_findings";

  /** Attempts per task: one bucket per possible count (the ladder allows at most ten). */
  public static final Buckets<Double> ATTEMPT_BUCKETS =
      ValueBuckets.custom(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

  private WorkflowMetrics() {}

  /** A task reached its final status after {@code attempts} attempts. */
  static void taskFinished(String status, int attempts) {
    Scope scope = Workflow.getMetricsScope();
    scope.tagged(Map.of("status", status)).counter(TASKS_FINISHED).inc(1);
    scope.histogram(TASK_ATTEMPTS, ATTEMPT_BUCKETS).recordValue(attempts);
  }

  /** A validation compiled its verdict and findings. */
  static void validated(ValidationResult result) {
    Scope scope = Workflow.getMetricsScope();
    scope.tagged(Map.of("verdict", String.valueOf(result.verdict()))).counter(VERDICTS).inc(1);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Finding f : result.findings()) {
      counts.merge(
          String.valueOf(f.category()) + '\u0000' + String.valueOf(f.severity()), 1, Integer::sum);
    }
    counts.forEach(
        (key, n) -> {
          String[] parts = key.split("\u0000", 2);
          scope.tagged(Map.of("category", parts[0], "severity", parts[1])).counter(FINDINGS).inc(n);
        });
  }
}
