package dev.prflow.activities.store;

import java.util.List;

/** Tasks stored for tests that need a task row but not its details. */
public final class TestTasks {

  private TestTasks() {}

  /** Stores a task with default fields and controls; returns its id. */
  public static long insert(TaskStore store, String title, String repository) {
    return store
        .insert(
            new NewTask(
                title,
                "",
                List.of(),
                List.of(),
                "medium",
                "medium",
                repository,
                "main",
                null,
                null,
                null,
                null))
        .task()
        .id();
  }
}
