package dev.prflow.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PullRequestStoreTest {

  private static Database db;
  private static TaskStore tasks;
  private static PullRequestStore prs;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    tasks = new TaskStore(db.jdbi());
    prs = new PullRequestStore(db.jdbi());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static long newTask(String repository) {
    return TestTasks.insert(tasks, "task on " + repository, repository);
  }

  private static PullRequestRow open(String repository, long task, String branch, String head) {
    return prs.open(repository, task, 1, "title " + branch, "body", "main", branch, "base0", head);
  }

  @Test
  void numbersPullRequestsPerRepository() {
    String a = "local:/tmp/numbering-a";
    String b = "local:/tmp/numbering-b";
    long taskA = newTask(a);
    long taskB = newTask(b);

    int first = open(a, taskA, "prflow/a-1", "h1").number();
    int second = open(a, taskA, "prflow/a-2", "h2").number();
    int third = open(a, taskA, "prflow/a-3", "h3").number();
    int otherRepo = open(b, taskB, "prflow/a-1", "h4").number();

    assertThat(List.of(first, second, third)).containsExactly(1, 2, 3);
    assertThat(otherRepo).isEqualTo(1);
    assertThat(prs.find(a, 3).orElseThrow().headBranch()).isEqualTo("prflow/a-3");
    assertThat(prs.find(b, 1).orElseThrow().taskId()).isEqualTo(taskB);
    assertThat(prs.find(b, 2)).isEmpty();
  }

  @Test
  void openingTheSameBranchAgainReturnsTheSamePullRequestWithTheNewHead() {
    String repo = "local:/tmp/reopen";
    long task = newTask(repo);

    PullRequestRow first = open(repo, task, "prflow/task-1-1", "oldhead");
    PullRequestRow again = open(repo, task, "prflow/task-1-1", "newhead");

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.number()).isEqualTo(first.number()).isEqualTo(1);
    assertThat(again.headSha()).isEqualTo("newhead");
    assertThat(prs.forTask(task))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.headSha()).isEqualTo("newhead");
              assertThat(r.state()).isEqualTo("open");
              assertThat(r.baseBranch()).isEqualTo("main");
              assertThat(r.attempt()).isEqualTo(1);
            });
    assertThat(open(repo, task, "prflow/task-1-2", "h").number()).isEqualTo(2);
  }

  @Test
  void pullRequestWithoutTaskIsStored() {
    String repo = "local:/tmp/no-task";

    PullRequestRow row = prs.open(repo, null, null, "manual", "", "main", "feature", "b", "h");

    assertThat(row.number()).isEqualTo(1);
    assertThat(row.taskId()).isNull();
    assertThat(row.attempt()).isNull();
  }
}
