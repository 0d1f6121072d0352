package dev.prflow.activities.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code git diff} output (unified format) into per-file added and removed lines with their
 * line numbers. Tolerant by design: a malformed hunk header or stray line is skipped, never thrown;
 * binary files are flagged; very long lines are cut so that no later check works on megabytes.
 */
public final class UnifiedDiff {

  /** Longer lines are cut to this many characters before any rule sees them. */
  public static final int MAX_LINE_CHARS = 20_000;

  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

  private UnifiedDiff() {}

  public static List<FileDiff> parse(String diff) {
    List<FileDiff> files = new ArrayList<>();
    Builder current = null;
    int oldLine = 0;
    int newLine = 0;
    boolean inHunk = false;
    int start = 0;
    int length = diff.length();
    while (start < length) {
      int end = diff.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      String line = diff.substring(start, end);
      start = end + 1;

      if (line.startsWith("diff --git ")) {
        if (current != null) {
          files.add(current.build());
        }
        current = new Builder(pathsFromHeader(line));
        inHunk = false;
        continue;
      }
      if (current == null) {
        continue;
      }
      if (!inHunk) {
        if (line.startsWith("new file mode")) {
          current.type = FileDiff.ChangeType.ADDED;
        } else if (line.startsWith("deleted file mode")) {
          current.type = FileDiff.ChangeType.DELETED;
        } else if (line.startsWith("rename from ")) {
          current.oldPath = line.substring("rename from ".length());
          current.type = FileDiff.ChangeType.RENAMED;
        } else if (line.startsWith("rename to ")) {
          current.path = line.substring("rename to ".length());
        } else if (line.startsWith("Binary files ") || line.startsWith("GIT binary patch")) {
          current.binary = true;
        } else if (line.startsWith("--- ")) {
          String p = stripPrefix(line.substring(4));
          if (p != null) {
            current.oldPath = p;
          }
        } else if (line.startsWith("+++ ")) {
          String p = stripPrefix(line.substring(4));
          if (p != null) {
            current.path = p;
          }
        }
      }
      if (line.startsWith("@@")) {
        Matcher m = HUNK.matcher(line);
        if (m.find()) {
          oldLine = Integer.parseInt(m.group(1));
          newLine = Integer.parseInt(m.group(3));
          inHunk = true;
        } else {
          inHunk = false;
        }
        continue;
      }
      if (!inHunk || line.isEmpty()) {
        if (inHunk) {
          // an empty context line whose leading space was stripped
          oldLine++;
          newLine++;
        }
        continue;
      }
      char kind = line.charAt(0);
      String text = line.substring(1);
      if (text.length() > MAX_LINE_CHARS) {
        text = text.substring(0, MAX_LINE_CHARS);
        current.longLinesCut++;
      }
      switch (kind) {
        case '+' -> current.added.add(new DiffLine(newLine++, text));
        case '-' -> current.removed.add(new DiffLine(oldLine++, text));
        case ' ' -> {
          oldLine++;
          newLine++;
        }
        default -> {
          // "\ No newline at end of file" and anything unexpected
        }
      }
    }
    if (current != null) {
      files.add(current.build());
    }
    return files;
  }

  private static String[] pathsFromHeader(String header) {
    // diff --git a/x b/x — paths with spaces make this ambiguous; --- / +++ lines refine it.
    String rest = header.substring("diff --git ".length());
    int split = rest.indexOf(" b/");
    if (rest.startsWith("a/") && split > 0) {
      return new String[] {rest.substring(2, split), rest.substring(split + 3)};
    }
    return new String[] {rest, rest};
  }

  private static String stripPrefix(String path) {
    String p = path;
    int tab = p.indexOf('\t');
    if (tab >= 0) {
      p = p.substring(0, tab);
    }
    if (p.equals("/dev/null")) {
      return null;
    }
    if (p.startsWith("a/") || p.startsWith("b/")) {
      return p.substring(2);
    }
    return p;
  }

  private static final class Builder {
    String path;
    String oldPath;
    FileDiff.ChangeType type = FileDiff.ChangeType.MODIFIED;
    boolean binary;
    final List<DiffLine> added = new ArrayList<>();
    final List<DiffLine> removed = new ArrayList<>();
    int longLinesCut;

    Builder(String[] paths) {
      this.oldPath = paths[0];
      this.path = paths[1];
    }

    FileDiff build() {
      String finalPath = type == FileDiff.ChangeType.DELETED ? oldPath : path;
      return new FileDiff(finalPath, oldPath, type, binary, added, removed, longLinesCut);
    }
  }
}
