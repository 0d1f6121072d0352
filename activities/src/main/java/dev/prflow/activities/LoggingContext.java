package dev.prflow.activities;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MDC keys prflow puts its ids under, so every log line says which task and workflow it is
 * about ({@code PRFLOW_LOG_FORMAT=json} writes them as fields), and how a task id is read from a
 * workflow id: {@code task-<id>}, or a task's validation child {@code validate-…-task-<id>-<n>}.
 */
public final class LoggingContext {

  public static final String TASK_ID = "taskId";
  public static final String WORKFLOW_ID = "workflowId";

  private static final Pattern TASK = Pattern.compile("^task-(\\d{1,18})$");
  private static final Pattern TASK_VALIDATION = Pattern.compile("-task-(\\d{1,18})-\\d+$");

  private LoggingContext() {}

  /** The task a workflow id belongs to, or null when it names none. */
  public static Long taskIdOf(String workflowId) {
    if (workflowId == null) {
      return null;
    }
    Matcher m = TASK.matcher(workflowId);
    if (m.find()) {
      return Long.parseLong(m.group(1));
    }
    m = TASK_VALIDATION.matcher(workflowId);
    return m.find() ? Long.parseLong(m.group(1)) : null;
  }
}
