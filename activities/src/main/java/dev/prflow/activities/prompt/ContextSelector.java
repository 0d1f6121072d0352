package dev.prflow.activities.prompt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chooses which files of a repository a prompt quotes and how much of each: the files that match
 * the task's key terms best, within {@link PromptLimits}. Vendored and generated directories,
 * lockfiles, binaries and very large files never qualify: they would crowd out the code the task is
 * about.
 */
final class ContextSelector {

  /** Files larger than this are data or generated code, not something to quote. */
  static final long MAX_CANDIDATE_BYTES = 1 << 20;

  static final Set<String> SKIPPED_DIRECTORIES =
      Set.of(
          ".git",
          "node_modules",
          "target",
          "build",
          "dist",
          "vendor",
          "out",
          ".gradle",
          ".idea",
          ".venv",
          "venv",
          "__pycache__",
          ".mvn",
          ".next",
          "coverage",
          "bower_components");

  static final Set<String> LOCKFILES =
      Set.of(
          "package-lock.json",
          "npm-shrinkwrap.json",
          "yarn.lock",
          "pnpm-lock.yaml",
          "bun.lockb",
          "Cargo.lock",
          "Gemfile.lock",
          "poetry.lock",
          "Pipfile.lock",
          "composer.lock",
          "go.sum",
          "gradle.lockfile",
          "mix.lock",
          "packages.lock.json");

  private static final Set<String> BINARY_EXTENSIONS =
      Set.of(
          "png",
          "jpg",
          "jpeg",
          "gif",
          "bmp",
          "ico",
          "webp",
          "tiff",
          "psd",
          "pdf",
          "zip",
          "gz",
          "tgz",
          "bz2",
          "xz",
          "7z",
          "rar",
          "tar",
          "jar",
          "war",
          "ear",
          "class",
          "so",
          "dll",
          "dylib",
          "exe",
          "bin",
          "o",
          "a",
          "lib",
          "pyc",
          "pyo",
          "whl",
          "woff",
          "woff2",
          "ttf",
          "otf",
          "eot",
          "mp3",
          "mp4",
          "mov",
          "avi",
          "wav",
          "ogg",
          "webm",
          "sqlite",
          "db",
          "keystore",
          "jks",
          "p12");

  /** A file cut shorter than this is not worth quoting; stop instead. */
  private static final int MIN_QUOTE_BYTES = 256;

  private ContextSelector() {}

  /** True for files under a vendored or generated directory, which nobody edits by hand. */
  static boolean vendored(String path) {
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      if (SKIPPED_DIRECTORIES.contains(segments[i])) {
        return true;
      }
    }
    return false;
  }

  /** Whether a file may be quoted at all, judged from its tree entry alone. */
  static boolean candidate(RepoFile file) {
    if (file.symlink() || file.size() > MAX_CANDIDATE_BYTES || vendored(file.path())) {
      return false;
    }
    String name = file.name();
    if (LOCKFILES.contains(name) || name.endsWith(".min.js") || name.endsWith(".map")) {
      return false;
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 || !BINARY_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Scores every candidate that matches a term, best first; ties go by path so the order is the
   * same on every run. A term matches a path when it begins one of the path's words, and matches
   * content as {@code git grep -i -F} found it, anywhere in the text.
   *
   * @param contentHits path to the terms its content contains, as {@link Codebase#grep}
   */
  static List<RankedFile> rank(
      List<RepoFile> files, List<String> terms, Map<String, Set<String>> contentHits) {
    List<RankedFile> ranked = new ArrayList<>();
    for (RepoFile file : files) {
      if (!candidate(file)) {
        continue;
      }
      Set<String> pathWords = KeyTerms.pathWords(file.path());
      Set<String> inContent = contentHits.getOrDefault(file.path(), Set.of());
      List<String> pathTerms = terms.stream().filter(t -> KeyTerms.inPath(t, pathWords)).toList();
      List<String> contentTerms = terms.stream().filter(inContent::contains).toList();
      if (!pathTerms.isEmpty() || !contentTerms.isEmpty()) {
        ranked.add(new RankedFile(file, pathTerms, contentTerms));
      }
    }
    ranked.sort(
        Comparator.comparingInt(RankedFile::score)
            .reversed()
            .thenComparingInt(f -> -f.terms().size())
            .thenComparing(RankedFile::path));
    return ranked;
  }

  /**
   * Reads the best files in order until {@code maxContextFiles} are quoted or the byte budget is
   * spent; a file that turns out to be binary is passed over.
   */
  static List<ContextFile> quote(List<RankedFile> ranked, Codebase reader, PromptLimits limits) {
    List<ContextFile> quoted = new ArrayList<>();
    int remaining = limits.maxTotalContextBytes();
    int minimum = Math.min(MIN_QUOTE_BYTES, limits.maxFileBytes());
    for (RankedFile file : ranked) {
      if (quoted.size() >= limits.maxContextFiles() || remaining < Math.max(1, minimum)) {
        break;
      }
      String content;
      try {
        content = reader.read(file.path());
      } catch (PromptGenerationException unreadable) {
        continue; // too large or over the read budget of a remote codebase
      }
      if (looksBinary(content)) {
        continue;
      }
      int budget = Math.min(limits.maxFileBytes(), remaining);
      String shown = truncate(content, budget);
      boolean truncated = shown.length() < content.length();
      remaining -= utf8Length(shown);
      quoted.add(new ContextFile(file.path(), file.file().size(), file.terms(), shown, truncated));
    }
    return quoted;
  }

  /** As git decides: a NUL byte, or (for text that is not UTF-8) mostly undecodable bytes. */
  static boolean looksBinary(String content) {
    int sample = Math.min(content.length(), 8_000);
    int undecodable = 0;
    for (int i = 0; i < sample; i++) {
      char c = content.charAt(i);
      if (c == '\0') {
        return true;
      }
      if (c == '\uFFFD') {
        undecodable++;
      }
    }
    return sample > 0 && undecodable * 10 > sample;
  }

  /**
   * The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes, cut after a line
   * end when one lies in the second half, so that a quote does not stop mid-line.
   */
  static String truncate(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    int end = Math.max(0, maxBytes);
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // do not split a multi-byte character
    }
    String cut = new String(bytes, 0, end, StandardCharsets.UTF_8);
    int newline = cut.lastIndexOf('\n');
    return newline >= cut.length() / 2 ? cut.substring(0, newline + 1) : cut;
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
