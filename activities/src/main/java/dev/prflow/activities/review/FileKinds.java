package dev.prflow.activities.review;

import java.util.Locale;
import java.util.Set;

/**
 * Classifies repository paths by name alone: test or not, code or not, and which line-comment
 * marker the language uses. Heuristics on purpose: the review sees paths from many ecosystems and
 * must not need a build to decide.
 */
final class FileKinds {

  /** Extensions counted as source code. Markup, data, docs and shell scripts are not. */
  private static final Set<String> CODE_EXTENSIONS =
      Set.of(
          "java", "kt", "kts", "scala", "groovy", "py", "js", "jsx", "mjs", "cjs", "ts", "tsx",
          "go", "rb", "rs", "c", "h", "cc", "cpp", "cxx", "hpp", "cs", "swift", "m", "mm", "php",
          "dart", "ex", "exs");

  /** Languages whose line comments start with {@code #} rather than {@code //}. */
  private static final Set<String> HASH_COMMENT_EXTENSIONS = Set.of("py", "rb", "ex", "exs");

  /** Prose files, where TODO and friends are ordinary words rather than markers in comments. */
  private static final Set<String> PROSE_EXTENSIONS =
      Set.of("md", "markdown", "txt", "rst", "adoc", "asciidoc", "html", "htm");

  private static final Set<String> TEST_DIRECTORIES = Set.of("test", "tests", "__tests__", "spec");

  private FileKinds() {}

  /** The lower-cased extension after the last dot of the file name, or "" if none. */
  static String extension(String path) {
    String name = fileName(path);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** The directory part of a path, "" for a file at the repository root. */
  static String directory(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  static boolean isCode(String path) {
    return CODE_EXTENSIONS.contains(extension(path));
  }

  static boolean isProse(String path) {
    return PROSE_EXTENSIONS.contains(extension(path));
  }

  /**
   * A test file lives under a {@code test/}, {@code tests/}, {@code __tests__/} or {@code spec/}
   * directory, or follows a test naming convention of its language.
   */
  static boolean isTest(String path) {
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (TEST_DIRECTORIES.contains(parts[i].toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    String name = parts[parts.length - 1];
    return name.endsWith("Test.java")
        || name.endsWith("Tests.java")
        || name.endsWith("Test.kt")
        || name.endsWith("Tests.kt")
        || name.endsWith("_test.go")
        || (name.startsWith("test_") && name.endsWith(".py"))
        || name.endsWith("_test.py")
        || name.endsWith("_spec.rb")
        || name.matches(".+\\.(test|spec)\\.(ts|tsx|js|jsx|mjs|cjs)");
  }

  /** A code file that is not a test. */
  static boolean isSource(String path) {
    return isCode(path) && !isTest(path);
  }

  /** The line-comment marker of a code file's language, or null if it is not a code file. */
  static String lineCommentMarker(String path) {
    String ext = extension(path);
    if (!CODE_EXTENSIONS.contains(ext)) {
      return null;
    }
    return HASH_COMMENT_EXTENSIONS.contains(ext) ? "#" : "//";
  }
}
