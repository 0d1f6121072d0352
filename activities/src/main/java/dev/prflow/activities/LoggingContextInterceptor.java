package dev.prflow.activities;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.MDC;

/**
 * Puts the workflow id and, when the workflow id names one, the task id into the MDC while an
 * activity runs, so whatever the activity logs says which task it was for. Temporal adds its own
 * keys ({@code WorkflowId}, {@code ActivityType}, …) on the same thread.
 */
public final class LoggingContextInterceptor extends WorkerInterceptorBase {

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String workflowId;

      @Override
      public void init(ActivityExecutionContext context) {
        workflowId = context.getInfo().getWorkflowId();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Long taskId = LoggingContext.taskIdOf(workflowId);
        String previousWorkflow = MDC.get(LoggingContext.WORKFLOW_ID);
        String previousTask = MDC.get(LoggingContext.TASK_ID);
        if (workflowId != null) {
          MDC.put(LoggingContext.WORKFLOW_ID, workflowId);
        }
        if (taskId != null) {
          MDC.put(LoggingContext.TASK_ID, taskId.toString());
        } else {
          MDC.remove(LoggingContext.TASK_ID);
        }
        try {
          return super.execute(input);
        } finally {
          restore(LoggingContext.WORKFLOW_ID, previousWorkflow);
          restore(LoggingContext.TASK_ID, previousTask);
        }
      }
    };
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
