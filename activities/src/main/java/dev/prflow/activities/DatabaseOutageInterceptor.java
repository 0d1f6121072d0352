package dev.prflow.activities;

import dev.prflow.activities.store.DatabaseOutage;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.TemporalFailure;

/**
 * Gives every activity failure caused by an unreachable PostgreSQL one retryable failure type,
 * {@value DatabaseOutage#FAILURE_TYPE}, whatever the activity: workflows recognise it as
 * infrastructure and never turn it into a domain result (a failed test, a failed agent).
 */
public final class DatabaseOutageInterceptor extends WorkerInterceptorBase {

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        try {
          return super.execute(input);
        } catch (TemporalFailure alreadyTyped) {
          throw alreadyTyped;
        } catch (RuntimeException e) {
          if (DatabaseOutage.isOutage(e)) {
            throw DatabaseWait.unavailable("running the activity", e);
          }
          throw e;
        }
      }
    };
  }
}
