package dev.prflow.activities.review;

import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.FileDiff.ChangeType;
import java.util.ArrayList;
import java.util.List;

/** Builds parsed diffs directly, for rules that need nothing but the diff. */
final class Diffs {

  private Diffs() {}

  /** A new file whose lines are numbered from 1. */
  static FileDiff added(String path, String... lines) {
    return new FileDiff(path, path, ChangeType.ADDED, false, numbered(1, lines), List.of(), 0);
  }

  /** A modified file whose added lines start at {@code firstLine}; nothing removed. */
  static FileDiff modified(String path, int firstLine, String... lines) {
    return new FileDiff(
        path, path, ChangeType.MODIFIED, false, numbered(firstLine, lines), List.of(), 0);
  }

  static FileDiff deleted(String path, String... lines) {
    return new FileDiff(path, path, ChangeType.DELETED, false, List.of(), numbered(1, lines), 0);
  }

  static FileDiff binaryAdded(String path) {
    return new FileDiff(path, path, ChangeType.ADDED, true, List.of(), List.of(), 0);
  }

  /** A modification with {@code added} new lines and {@code removed} old ones, content filler. */
  static FileDiff churn(String path, int added, int removed) {
    List<DiffLine> plus = new ArrayList<>();
    List<DiffLine> minus = new ArrayList<>();
    for (int i = 1; i <= added; i++) {
      plus.add(new DiffLine(i, "value" + i));
    }
    for (int i = 1; i <= removed; i++) {
      minus.add(new DiffLine(i, "old" + i));
    }
    return new FileDiff(path, path, ChangeType.MODIFIED, false, plus, minus, 0);
  }

  private static List<DiffLine> numbered(int first, String... lines) {
    List<DiffLine> result = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      result.add(new DiffLine(first + i, lines[i]));
    }
    return result;
  }
}
