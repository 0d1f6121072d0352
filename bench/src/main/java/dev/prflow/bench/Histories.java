package dev.prflow.bench;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a workflow's wall time goes, from its Temporal history: per activity type, the time an
 * activity waited in the task queue (scheduled to started) and the time it ran (started to closed).
 */
final class Histories {
  private final Map<String, double[]> perType = new TreeMap<>(); // type -> {count, queue s, run s}
  private final List<Double> workflowSeconds = new ArrayList<>();
  private final Map<String, Long> eventTypes = new TreeMap<>();
  private long events;
  private long historyBytes;

  void add(WorkflowClient client, String workflowId) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    addHistory(client, history, true);
  }

  private void addHistory(WorkflowClient client, WorkflowExecutionHistory history, boolean top) {
    Map<Long, String> types = new HashMap<>();
    Map<Long, Long> scheduled = new HashMap<>();
    Map<Long, Long> started = new HashMap<>();
    List<HistoryEvent> events = history.getEvents();
    this.events += events.size();
    for (HistoryEvent e : events) {
      historyBytes += e.getSerializedSize();
      eventTypes.merge(e.getEventType().name().replace("EVENT_TYPE_", ""), 1L, Long::sum);
      long t = e.getEventTime().getSeconds() * 1_000_000_000L + e.getEventTime().getNanos();
      if (e.hasActivityTaskScheduledEventAttributes()) {
        types.put(
            e.getEventId(),
            e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        scheduled.put(e.getEventId(), t);
      } else if (e.hasActivityTaskStartedEventAttributes()) {
        started.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), t);
      } else if (e.hasActivityTaskCompletedEventAttributes()) {
        long id = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        double[] acc = perType.computeIfAbsent(types.get(id), k -> new double[3]);
        acc[0]++;
        acc[1] += (started.get(id) - scheduled.get(id)) / 1e9;
        acc[2] += (t - started.get(id)) / 1e9;
      } else if (e.hasChildWorkflowExecutionStartedEventAttributes()) {
        WorkflowExecution child =
            e.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution();
        addHistory(client, client.fetchHistory(child.getWorkflowId(), child.getRunId()), false);
      }
    }
    if (top && events.size() > 1) {
      HistoryEvent first = events.get(0);
      HistoryEvent last = events.get(events.size() - 1);
      workflowSeconds.add(
          (last.getEventTime().getSeconds() - first.getEventTime().getSeconds())
              + (last.getEventTime().getNanos() - first.getEventTime().getNanos()) / 1e9);
    }
  }

  /**
   * Events per sampled workflow (its children's included), their serialized size, and the event
   * types, most frequent first, with their count per workflow.
   */
  String events() {
    int n = Math.max(1, workflowSeconds.size());
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%.1f events and %.1f KB of history per workflow with its child (%d sampled):",
                (double) events / n,
                historyBytes / 1e3 / n,
                workflowSeconds.size()));
    eventTypes.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        " %s %.1f,",
                        e.getKey().toLowerCase(Locale.ROOT),
                        (double) e.getValue() / n)));
    out.setLength(out.length() - 1);
    return out.append('.').toString();
  }

  /** A markdown table: activity, count, mean queue wait, mean run time, share of all. */
  List<String> table() {
    List<String> out = new ArrayList<>();
    double total = perType.values().stream().mapToDouble(a -> a[1] + a[2]).sum();
    double wf = workflowSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    out.add(
        String.format(
            Locale.ROOT,
            "%d sampled tasks, mean workflow wall time %.2f s (start to close of TaskToPr)",
            workflowSeconds.size(),
            wf));
    out.add("");
    out.add("| activity | count | mean queue wait (s) | mean run (s) | share of activity time |");
    out.add("|---|---|---|---|---|");
    perType.entrySet().stream()
        .sorted(
            (a, b) ->
                Double.compare(
                    b.getValue()[1] + b.getValue()[2], a.getValue()[1] + a.getValue()[2]))
        .forEach(
            e -> {
              double[] a = e.getValue();
              out.add(
                  String.format(
                      Locale.ROOT,
                      "| %s | %d | %.3f | %.3f | %.0f%% |",
                      e.getKey(),
                      (long) a[0],
                      a[1] / a[0],
                      a[2] / a[0],
                      100 * (a[1] + a[2]) / total));
            });
    return out;
  }
}
