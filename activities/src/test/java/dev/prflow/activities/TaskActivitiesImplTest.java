package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.localgit.TestRepositoryRoots;
import dev.prflow.workflows.model.TaskControls;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validateTask}: a task's repository is checked against the roots before anything runs. */
class TaskActivitiesImplTest {

  @TempDir Path tmp;

  @Test
  void aRepositoryUnderTheRootsIsValid() {
    Path repo = DemoRepository.create(TestRepositoryRoots.directory(tmp).resolve("calc"));
    assertThatCode(() -> activities(TestRepositoryRoots.under(tmp)).validateTask(task(repo)))
        .doesNotThrowAnyException();
  }

  @Test
  void aTaskStoredBeforeTheRootsChangedFailsWithTheReasonAndIsNotRetried() {
    Path repo = DemoRepository.create(tmp.resolve("old-place").resolve("calc"));
    assertThatThrownBy(() -> activities(TestRepositoryRoots.under(tmp)).validateTask(task(repo)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getType()).isEqualTo(TaskActivitiesImpl.INVALID_TASK);
              assertThat(failure.getOriginalMessage())
                  .contains(repo.toString())
                  .contains("outside PRFLOW_REPO_ROOTS");
            });
  }

  @Test
  void aSymbolicLinkUnderARootToARepositoryOutsideIsRefused() throws Exception {
    Path repo = DemoRepository.create(tmp.resolve("old-place").resolve("calc"));
    Path link =
        Files.createSymbolicLink(TestRepositoryRoots.directory(tmp).resolve("calc-link"), repo);
    assertThatThrownBy(() -> activities(TestRepositoryRoots.under(tmp)).validateTask(task(link)))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("outside PRFLOW_REPO_ROOTS");
  }

  @Test
  void githubTasksAreNotHeldToTheRoots() {
    TaskSpec github = task(null);
    assertThatCode(() -> activities(RepositoryRoots.none()).validateTask(github))
        .doesNotThrowAnyException();
  }

  /** validateTask never touches the store. */
  private static TaskActivitiesImpl activities(RepositoryRoots roots) {
    return new TaskActivitiesImpl(null, roots);
  }

  private static TaskSpec task(Path repo) {
    return new TaskSpec(
        1,
        "Add multiply",
        "",
        List.of(),
        List.of(),
        "medium",
        "medium",
        repo == null ? "github:octo/calc" : "local:" + repo,
        "main",
        null,
        TaskControls.defaults());
  }
}
