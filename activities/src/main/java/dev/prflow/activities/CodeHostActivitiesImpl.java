package dev.prflow.activities;

import dev.prflow.activities.localgit.CodeHost;
import dev.prflow.workflows.CodeHostActivities;
import dev.prflow.workflows.model.ClosePullRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;

/** Opens pull requests on the configured code host. */
public class CodeHostActivitiesImpl implements CodeHostActivities {

  private final CodeHost host;

  public CodeHostActivitiesImpl(CodeHost host) {
    this.host = host;
  }

  @Override
  public PullRequestRef openPullRequest(PullRequestRequest request) {
    return host.open(request);
  }

  @Override
  public void closePullRequest(ClosePullRequest request) {
    host.close(request.pr(), request.state(), request.comment());
  }

  @Override
  public String mergePullRequest(PullRequestRef pr) {
    return host.merge(pr);
  }
}
