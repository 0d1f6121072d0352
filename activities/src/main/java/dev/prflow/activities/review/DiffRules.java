package dev.prflow.activities.review;

import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.FileDiff.ChangeType;
import dev.prflow.activities.security.Redactor;
import dev.prflow.workflows.model.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that need only the diff (and, for sizes and lockfiles, the head tree): pull request
 * size, tests, markers and debug output on added lines, commented-out code, large or binary files
 * and lockfiles out of step with their manifests. Line-based and regex-based on purpose: they work
 * for every language, and each pattern is anchored or bounded so a 20,000-character line costs
 * linear time.
 */
final class DiffRules {

  static final String CATEGORY = "review";

  /** Lockfile name to the manifest it is generated from. */
  static final Map<String, String> LOCK_TO_MANIFEST =
      Map.ofEntries(
          Map.entry("package-lock.json", "package.json"),
          Map.entry("npm-shrinkwrap.json", "package.json"),
          Map.entry("yarn.lock", "package.json"),
          Map.entry("pnpm-lock.yaml", "package.json"),
          Map.entry("poetry.lock", "pyproject.toml"),
          Map.entry("uv.lock", "pyproject.toml"),
          Map.entry("Pipfile.lock", "Pipfile"),
          Map.entry("go.sum", "go.mod"),
          Map.entry("Cargo.lock", "Cargo.toml"),
          Map.entry("Gemfile.lock", "Gemfile"),
          Map.entry("composer.lock", "composer.json"));

  private static final Pattern MARKER = Pattern.compile("\\b(TODO|FIXME|XXX)\\b");

  private static final Pattern JVM_DEBUG =
      Pattern.compile("\\bSystem\\s*\\.\\s*(out|err)\\s*\\.\\s*print(ln|f)?\\s*\\(");
  private static final Pattern STACK_TRACE = Pattern.compile("\\.printStackTrace\\s*\\(\\s*\\)");
  private static final Pattern JS_DEBUG =
      Pattern.compile("\\bconsole\\s*\\.\\s*(log|debug|trace)\\s*\\(|^\\s*debugger\\s*;?\\s*$");
  private static final Pattern PY_DEBUG =
      Pattern.compile(
          "^\\s*print\\s*\\(|\\bi?pdb\\s*\\.\\s*set_trace\\s*\\(|^\\s*breakpoint\\s*\\(\\s*\\)"
              + "|^\\s*import\\s+i?pdb\\b");
  private static final Pattern RB_DEBUG =
      Pattern.compile("\\bbinding\\s*\\.\\s*(pry|irb)\\b|^\\s*(byebug|debugger)\\s*$");
  private static final Pattern GO_DEBUG = Pattern.compile("\\bfmt\\s*\\.\\s*Print(ln|f)?\\s*\\(");
  private static final Pattern RS_DEBUG = Pattern.compile("\\bdbg!\\s*\\(");
  private static final Pattern PHP_DEBUG = Pattern.compile("\\b(var_dump|print_r)\\s*\\(");

  private static final List<Pattern> CODE_LIKE =
      List.of(
          Pattern.compile("^import\\s+(static\\s+)?[\\w.*]+;?$"),
          Pattern.compile("^from\\s+[\\w.]+\\s+import\\s+\\S"),
          Pattern.compile("^package\\s+[\\w.]+;?$"),
          Pattern.compile("^return(\\s+[^\\s]+)?;?$"),
          Pattern.compile("^return\\b.*;$"),
          Pattern.compile("^(def|class|fun|func|fn)\\s+\\w+.*[:{(]"),
          Pattern.compile("^(if|for|while|switch|catch|elif)\\s*\\("),
          Pattern.compile("^(if|elif|while)\\s+.*(==|!=|<=|>=|<|>|\\bnot\\b|\\bis\\b|\\(|\\.).*:$"),
          Pattern.compile("^for\\s+\\w+(\\s*,\\s*\\w+)*\\s+in\\s+.+:$"),
          Pattern.compile("^(else|try|finally|except)\\b\\s*[:{]?$"),
          Pattern.compile("^[\\w.\\[\\]\"']+\\s*([-+*/%&|^]|<<|>>)?=\\s*[^=\\s]"),
          Pattern.compile("^(?:[\\w<>\\[\\],.?]+\\s+){1,3}\\w+\\s*=\\s*[^=\\s]"),
          Pattern.compile("^[\\w.$]+(<[^>]*>)?\\(.*\\)\\s*;?$"));

  private static final int MAX_CODE_LIKE_CHARS = 300;

  private DiffRules() {}

  static void apply(
      Path headTree, List<FileDiff> files, ReviewConfig config, FindingCollector out) {
    Reporter report = new Reporter(config, out);
    if (headTree == null) {
      out.skip("head tree not available: large-file sizes and missing lockfiles were not checked");
    }
    for (FileDiff file : files) {
      if (file.longLinesCut() > 0) {
        out.skip(
            file.path()
                + ": "
                + file.longLinesCut()
                + " lines longer than 20000 characters were checked in their first 20000 only");
      }
    }
    if (config.enabled(DiffRule.LARGE_PR.id())) {
      largePr(files, config, report);
    }
    if (config.enabled(DiffRule.SOURCE_WITHOUT_TESTS.id())) {
      sourceWithoutTests(files, report);
    }
    for (FileDiff file : files) {
      if (file.binary() || file.type() == ChangeType.DELETED || file.added().isEmpty()) {
        continue;
      }
      if (config.enabled(DiffRule.TODO_ADDED.id()) && !FileKinds.isProse(file.path())) {
        todoAdded(file, report);
      }
      if (config.enabled(DiffRule.DEBUG_OUTPUT.id()) && FileKinds.isSource(file.path())) {
        debugOutput(file, report);
      }
      if (config.enabled(DiffRule.COMMENTED_OUT_CODE.id()) && FileKinds.isCode(file.path())) {
        commentedOutCode(file, config.option(DiffRule.COMMENTED_OUT_CODE, "min_lines"), report);
      }
    }
    if (config.enabled(DiffRule.LARGE_FILE.id()) && headTree != null) {
      largeFiles(headTree, files, config.option(DiffRule.LARGE_FILE, "max_file_kb"), report);
    }
    if (config.enabled(DiffRule.BINARY_FILE.id())) {
      for (FileDiff file : files) {
        if (file.binary() && file.type() == ChangeType.ADDED) {
          report.add(
              DiffRule.BINARY_FILE,
              file.path(),
              null,
              "Binary file added: " + file.path(),
              "Make sure it belongs in the repository; keep build outputs out of git and large"
                  + " assets in Git LFS or an artifact store.");
        }
      }
    }
    if (config.enabled(DiffRule.LOCKFILE_DRIFT.id())) {
      lockfileDrift(headTree, files, report);
    }
  }

  private static void largePr(List<FileDiff> files, ReviewConfig config, Reporter report) {
    int maxLines = config.option(DiffRule.LARGE_PR, "max_changed_lines");
    int maxFiles = config.option(DiffRule.LARGE_PR, "max_files");
    long changed = 0;
    for (FileDiff file : files) {
      if (!LOCK_TO_MANIFEST.containsKey(FileKinds.fileName(file.path()))) {
        changed += file.added().size() + file.removed().size();
      }
    }
    List<String> over = new ArrayList<>();
    if (changed > maxLines) {
      over.add(changed + " changed lines (limit " + maxLines + ", lockfiles not counted)");
    }
    if (files.size() > maxFiles) {
      over.add(files.size() + " changed files (limit " + maxFiles + ")");
    }
    if (!over.isEmpty()) {
      report.add(
          DiffRule.LARGE_PR,
          null,
          null,
          "Large pull request: " + String.join(" and ", over),
          "Split it into smaller pull requests that can be reviewed on their own, for example"
              + " mechanical refactoring first and the behaviour change second.");
    }
  }

  private static void sourceWithoutTests(List<FileDiff> files, Reporter report) {
    List<String> sources = new ArrayList<>();
    for (FileDiff file : files) {
      if (FileKinds.isTest(file.path())
          || (file.oldPath() != null && FileKinds.isTest(file.oldPath()))) {
        return;
      }
      boolean changedContent =
          file.type() == ChangeType.ADDED || !file.added().isEmpty() || !file.removed().isEmpty();
      if (file.type() != ChangeType.DELETED && changedContent && FileKinds.isSource(file.path())) {
        sources.add(file.path());
      }
    }
    if (sources.isEmpty()) {
      return;
    }
    String examples = String.join(", ", sources.subList(0, Math.min(3, sources.size())));
    report.add(
        DiffRule.SOURCE_WITHOUT_TESTS,
        null,
        null,
        sources.size()
            + (sources.size() == 1 ? " source file" : " source files")
            + " changed ("
            + examples
            + (sources.size() > 3 ? ", …" : "")
            + ") but no test file",
        "Add or update tests that cover the change, or say in the description why none are"
            + " needed.");
  }

  private static void todoAdded(FileDiff file, Reporter report) {
    for (DiffLine line : file.added()) {
      String text = line.text();
      if (text.indexOf("TODO") < 0 && text.indexOf("FIXME") < 0 && text.indexOf("XXX") < 0) {
        continue;
      }
      Matcher m = MARKER.matcher(text);
      if (m.find() && inComment(text, m.start())) {
        report.add(
            DiffRule.TODO_ADDED,
            file.path(),
            line.line(),
            m.group(1) + " added: " + excerpt(text.substring(m.start())),
            "Finish it in this pull request, or track it in an issue and reference the issue in"
                + " the comment.");
      }
    }
  }

  /** Whether position {@code at} of a line falls inside a comment, as far as one line can tell. */
  private static boolean inComment(String text, int at) {
    String before = text.substring(0, at);
    String trimmed = text.stripLeading();
    return before.contains("//")
        || before.contains("#")
        || before.contains("/*")
        || before.contains("<!--")
        || trimmed.startsWith("*")
        || trimmed.startsWith("--")
        || trimmed.startsWith(";");
  }

  private static void debugOutput(FileDiff file, Reporter report) {
    String path = file.path();
    List<Pattern> patterns = debugPatterns(path);
    if (patterns.isEmpty()) {
      return;
    }
    for (DiffLine line : file.added()) {
      String text = line.text();
      String trimmed = text.stripLeading();
      if (trimmed.startsWith("//")
          || trimmed.startsWith("#")
          || trimmed.startsWith("*")
          || trimmed.startsWith("/*")) {
        continue; // commented-out code is the business of another rule
      }
      for (Pattern pattern : patterns) {
        Matcher m = pattern.matcher(text);
        if (m.find()) {
          report.add(
              DiffRule.DEBUG_OUTPUT,
              path,
              line.line(),
              "Debug output added: " + excerpt(text.strip()),
              "Use the project's logger at a suitable level, or remove it before merging.");
          break;
        }
      }
    }
  }

  /**
   * The debug-output patterns for a file's language. Go's fmt.Print* is allowed in {@code main.go}
   * and under {@code cmd/}, where command-line tools print on purpose.
   */
  private static List<Pattern> debugPatterns(String path) {
    String ext = FileKinds.extension(path);
    return switch (ext) {
      case "java", "kt", "kts", "scala", "groovy" -> List.of(JVM_DEBUG, STACK_TRACE);
      case "js", "jsx", "mjs", "cjs", "ts", "tsx" -> List.of(JS_DEBUG);
      case "py" -> List.of(PY_DEBUG);
      case "rb" -> List.of(RB_DEBUG);
      case "go" ->
          FileKinds.fileName(path).equals("main.go")
                  || path.startsWith("cmd/")
                  || path.contains("/cmd/")
              ? List.of()
              : List.of(GO_DEBUG);
      case "rs" -> List.of(RS_DEBUG);
      case "php" -> List.of(PHP_DEBUG);
      default -> List.of();
    };
  }

  private static void commentedOutCode(FileDiff file, int minLines, Reporter report) {
    String marker = FileKinds.lineCommentMarker(file.path());
    int blockStart = -1;
    int codeLines = 0;
    int lastLine = -2;
    int lastCodeLine = -1;
    for (DiffLine line : file.added()) {
      String body = commentBody(line.text(), marker);
      boolean adjacent = line.line() == lastLine + 1;
      lastLine = line.line();
      if (body == null || !adjacent) {
        codeLines = flush(file, blockStart, lastCodeLine, codeLines, minLines, report);
        blockStart = -1;
        if (body == null) {
          continue;
        }
      }
      if (body.isEmpty()) {
        continue; // an empty comment line neither breaks nor extends a block
      }
      if (looksLikeCode(body)) {
        if (codeLines == 0) {
          blockStart = line.line();
        }
        codeLines++;
        lastCodeLine = line.line();
      } else {
        codeLines = flush(file, blockStart, lastCodeLine, codeLines, minLines, report);
        blockStart = -1;
      }
    }
    flush(file, blockStart, lastCodeLine, codeLines, minLines, report);
  }

  private static int flush(
      FileDiff file, int start, int end, int codeLines, int minLines, Reporter report) {
    if (codeLines >= minLines && start > 0) {
      report.add(
          DiffRule.COMMENTED_OUT_CODE,
          file.path(),
          start,
          codeLines + " lines of commented-out code added (lines " + start + "-" + end + ")",
          "Delete it; version control keeps the old code should it be needed again.");
    }
    return 0;
  }

  /** The text after a line-comment marker, or null if the line is not a line comment. */
  private static String commentBody(String text, String marker) {
    String trimmed = text.strip();
    if (!trimmed.startsWith(marker)
        || trimmed.startsWith("///")
        || trimmed.startsWith("//!")
        || trimmed.startsWith("#!")) {
      return null;
    }
    String body = trimmed.substring(marker.length());
    while (body.startsWith(marker.substring(0, 1))) {
      body = body.substring(1);
    }
    return body.strip();
  }

  static boolean looksLikeCode(String body) {
    if (body.endsWith(";") || body.endsWith("{") || body.endsWith("}")) {
      return true;
    }
    if (body.length() > MAX_CODE_LIKE_CHARS) {
      return false; // long comment lines are prose; this also bounds the regex work
    }
    for (Pattern pattern : CODE_LIKE) {
      if (pattern.matcher(body).find()) {
        return true;
      }
    }
    return false;
  }

  private static void largeFiles(Path headTree, List<FileDiff> files, int maxKb, Reporter report) {
    long limit = maxKb * 1024L;
    for (FileDiff file : files) {
      if (file.type() != ChangeType.ADDED) {
        continue;
      }
      Path path = resolve(headTree, file.path());
      if (path == null || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      long size;
      try {
        size = Files.size(path);
      } catch (IOException e) {
        report.out.skip(file.path() + ": size unreadable (" + e.getMessage() + ")");
        continue;
      }
      if (size > limit) {
        report.add(
            DiffRule.LARGE_FILE,
            file.path(),
            null,
            "Large file added: " + (size + 1023) / 1024 + " KB (limit " + maxKb + " KB)",
            "Keep large files out of git: use Git LFS or an artifact store, or generate the file"
                + " during the build.");
      }
    }
  }

  private static void lockfileDrift(Path headTree, List<FileDiff> files, Reporter report) {
    for (FileDiff file : files) {
      String name = FileKinds.fileName(file.path());
      String dir = FileKinds.directory(file.path());
      String manifest = LOCK_TO_MANIFEST.get(name);
      if (manifest != null && file.type() != ChangeType.DELETED) {
        if (!changedAtOrBelow(files, Set.of(manifest), dir)) {
          report.add(
              DiffRule.LOCKFILE_DRIFT,
              file.path(),
              null,
              name + " changed but " + join(dir, manifest) + " did not",
              "If this refreshes pinned versions on purpose, say so in the description;"
                  + " otherwise regenerate the lockfile from the manifest or revert it.");
        }
        continue;
      }
      Set<String> locks = locksOf(name);
      boolean contentChanged = !file.added().isEmpty() || !file.removed().isEmpty();
      if (locks.isEmpty() || file.type() == ChangeType.DELETED || !contentChanged) {
        continue;
      }
      if (headTree == null || changedAtOrAbove(files, locks, dir)) {
        continue;
      }
      for (String lock : locks) {
        Path existing = resolve(headTree, join(dir, lock));
        if (existing != null && Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
          report.add(
              DiffRule.LOCKFILE_DRIFT,
              file.path(),
              null,
              name + " changed but " + join(dir, lock) + " was not updated",
              "If dependencies changed, regenerate "
                  + lock
                  + " with the package manager and"
                  + " commit it with the manifest.");
          break;
        }
      }
    }
  }

  private static Set<String> locksOf(String manifest) {
    Set<String> locks = new java.util.TreeSet<>();
    LOCK_TO_MANIFEST.forEach(
        (lock, m) -> {
          if (m.equals(manifest)) {
            locks.add(lock);
          }
        });
    return locks;
  }

  /** A file with one of these names changed in {@code dir} or below it (a workspace member). */
  private static boolean changedAtOrBelow(List<FileDiff> files, Set<String> names, String dir) {
    for (FileDiff f : files) {
      String d = FileKinds.directory(f.path());
      if (names.contains(FileKinds.fileName(f.path())) && isAtOrBelow(d, dir)) {
        return true;
      }
    }
    return false;
  }

  /** A file with one of these names changed in {@code dir} or above it (a workspace root). */
  private static boolean changedAtOrAbove(List<FileDiff> files, Set<String> names, String dir) {
    for (FileDiff f : files) {
      String d = FileKinds.directory(f.path());
      if (names.contains(FileKinds.fileName(f.path())) && isAtOrBelow(dir, d)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAtOrBelow(String dir, String ancestor) {
    return ancestor.isEmpty() || dir.equals(ancestor) || dir.startsWith(ancestor + "/");
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  /** The file at a repository path inside the tree, or null if the path would leave it. */
  static Path resolve(Path root, String relative) {
    try {
      Path base = root.toAbsolutePath().normalize();
      Path path = base.resolve(relative).normalize();
      return path.startsWith(base) ? path : null;
    } catch (RuntimeException e) {
      return null; // an invalid path on this file system
    }
  }

  /** At most 120 characters of the line, with anything shaped like a key redacted. */
  private static String excerpt(String text) {
    // Masked before it is cut, so a key cut in half is still masked whole.
    String oneLine = Redactor.maskTokens(text.strip());
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine;
  }

  /** Builds findings with the configured severity of each rule. */
  private record Reporter(ReviewConfig config, FindingCollector out) {
    void add(DiffRule rule, String file, Integer line, String message, String suggestion) {
      out.add(
          new Finding(
              CATEGORY,
              file,
              line,
              config.severity(rule.id(), rule.defaultSeverity()),
              rule.id(),
              message,
              suggestion));
    }
  }
}
