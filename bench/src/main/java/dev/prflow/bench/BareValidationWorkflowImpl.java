package dev.prflow.bench;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/** analyzePr, then runTests, reviewCode and scanSecurity in parallel, compileReport, publish. */
public final class BareValidationWorkflowImpl implements BareValidationWorkflow {
  private final BareActivities activities =
      Workflow.newActivityStub(BareActivities.class, BareTaskWorkflowImpl.OPTIONS);

  @Override
  public String validate(int id) {
    activities.step("analyzePr");
    Promise<String> tests = Async.function(activities::step, "runTests");
    Promise<String> review = Async.function(activities::step, "reviewCode");
    Promise<String> scan = Async.function(activities::step, "scanSecurity");
    Promise.allOf(tests, review, scan).get();
    activities.step("compileReport");
    activities.step("publishReport");
    return "passed";
  }
}
