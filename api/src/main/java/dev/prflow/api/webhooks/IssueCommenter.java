package dev.prflow.api.webhooks;

/** Answers on the GitHub issue that asked for a task, so its author sees what prflow did. */
@FunctionalInterface
public interface IssueCommenter {

  void comment(String owner, String repo, int issueNumber, String body);
}
