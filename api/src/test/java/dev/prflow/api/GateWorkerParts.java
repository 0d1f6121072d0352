package dev.prflow.api;

import dev.prflow.workflows.CodeHostActivities;
import dev.prflow.workflows.ReviewActivities;
import dev.prflow.workflows.model.ClosePullRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import java.util.List;

/** Quick stand-ins the API tests' workers share: a code host and a review that find nothing. */
final class GateWorkerParts {

  private GateWorkerParts() {}

  static CodeHostActivities codeHost() {
    return new CodeHostActivities() {
      @Override
      public PullRequestRef openPullRequest(PullRequestRequest r) {
        return new PullRequestRef(
            "local",
            r.task().repository(),
            "repo-" + r.task().id(), // one validation workflow id per task
            r.attempt(),
            r.task().repository() + "#" + r.attempt(),
            "main",
            r.run().branch(),
            r.run().baseSha(),
            r.run().headSha());
      }

      @Override
      public void closePullRequest(ClosePullRequest request) {}

      @Override
      public String mergePullRequest(PullRequestRef pr) {
        return "c".repeat(40);
      }
    };
  }

  static ReviewActivities review() {
    return new ReviewActivities() {
      @Override
      public ReviewResult reviewCode(PullRequestRef pr) {
        return new ReviewResult(List.of(), List.of());
      }

      @Override
      public SecurityResult scanSecurity(PullRequestRef pr) {
        return new SecurityResult(List.of(), List.of(), List.of(), List.of());
      }
    };
  }
}
