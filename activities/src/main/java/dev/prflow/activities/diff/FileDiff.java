package dev.prflow.activities.diff;

import java.util.List;

/**
 * The change to one file in a unified diff. {@code path} is the new path ({@code /dev/null} never
 * appears: a deleted file keeps its old path). Lines longer than {@link UnifiedDiff#MAX_LINE_CHARS}
 * are cut to that length and counted in {@code longLinesCut}.
 */
public record FileDiff(
    String path,
    String oldPath,
    ChangeType type,
    boolean binary,
    List<DiffLine> added,
    List<DiffLine> removed,
    int longLinesCut) {

  /** How a file changed. */
  public enum ChangeType {
    ADDED,
    DELETED,
    MODIFIED,
    RENAMED
  }

  public FileDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }
}
