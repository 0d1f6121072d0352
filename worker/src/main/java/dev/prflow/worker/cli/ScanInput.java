package dev.prflow.worker.cli;

import dev.prflow.activities.ReviewActivitiesImpl;
import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.UnifiedDiff;
import dev.prflow.activities.security.SecretRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code prflow scan} hands the pipeline's scanner: the lines to scan as a parsed diff, the
 * secret rules, and notes on what was left out. A directory becomes one added file per regular text
 * file (every line added; {@code .git} and binary files skipped; a {@code .gitleaks.toml} at its
 * root replaces prflow's rules, as the team's config at the base commit does in the pipeline); a
 * unified diff file gives its added lines.
 */
record ScanInput(List<FileDiff> files, SecretRules rules, List<String> notes, String what) {

  /** Files larger than this are not read (they are named in the notes). */
  static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

  /** Like git: a NUL byte in the first 8,000 bytes makes a file binary. */
  static final int BINARY_PROBE = 8_000;

  static ScanInput read(String argument, InputStream stdin) {
    if ("-".equals(argument)) {
      try {
        return diff(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "stdin");
      } catch (IOException e) {
        throw new CliFailure(CliFailure.UNREACHABLE, "cannot read stdin: " + e.getMessage());
      }
    }
    Path path = Path.of(argument);
    if (Files.isDirectory(path)) {
      return directory(path);
    }
    if (!Files.isRegularFile(path)) {
      throw new CliFailure(CliFailure.UNREACHABLE, "no such file or directory: " + argument);
    }
    try {
      return diff(Files.readString(path, StandardCharsets.UTF_8), argument);
    } catch (IOException e) {
      throw new CliFailure(
          CliFailure.UNREACHABLE, "cannot read " + argument + " as UTF-8 text: " + e.getMessage());
    }
  }

  static ScanInput diff(String text, String name) {
    List<FileDiff> files = UnifiedDiff.parse(text);
    if (files.isEmpty()) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          name
              + " is not a unified diff from git (no \"diff --git\" line); give a directory to"
              + " scan its files");
    }
    return new ScanInput(
        files, SecretRules.defaults(), List.of(), files.size() + " file(s) of the diff");
  }

  static ScanInput directory(Path root) {
    List<FileDiff> files = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int[] binary = {0};
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && ".git".equals(dir.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String relative = relative(root, file);
              if (!attrs.isRegularFile() || ".git".equals(file.getFileName().toString())) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.size() > MAX_FILE_BYTES) {
                notes.add(relative + ": larger than 10 MB, not scanned");
                return FileVisitResult.CONTINUE;
              }
              byte[] bytes;
              try {
                bytes = Files.readAllBytes(file);
              } catch (IOException e) {
                return visitFileFailed(file, e);
              }
              if (isBinary(bytes)) {
                binary[0]++;
                return FileVisitResult.CONTINUE;
              }
              files.add(wholeFile(relative, decode(bytes)));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              notes.add(relative(root, file) + ": cannot be read (" + e.getMessage() + ")");
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new CliFailure(CliFailure.UNREACHABLE, "cannot walk " + root + ": " + e.getMessage());
    }
    files.sort(Comparator.comparing(FileDiff::path));
    SecretRules rules = SecretRules.defaults();
    Path teamRules = root.resolve(ReviewActivitiesImpl.GITLEAKS_FILE);
    if (Files.isRegularFile(teamRules)) {
      try {
        rules = SecretRules.fromToml(Files.readString(teamRules, StandardCharsets.UTF_8));
        notes.add("secret rules from " + ReviewActivitiesImpl.GITLEAKS_FILE);
      } catch (IllegalArgumentException | IOException broken) {
        notes.add(
            ReviewActivitiesImpl.GITLEAKS_FILE
                + " ignored, prflow's default rules used: "
                + broken.getMessage());
      }
    }
    String what =
        files.size() + " file(s)" + (binary[0] == 0 ? "" : ", " + binary[0] + " binary skipped");
    return new ScanInput(files, rules, notes, what);
  }

  /** Every line of a file as an added line, cut like the diff parser cuts long lines. */
  static FileDiff wholeFile(String path, String text) {
    List<DiffLine> lines = new ArrayList<>();
    int cut = 0;
    int number = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(start, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.length() > UnifiedDiff.MAX_LINE_CHARS) {
        line = line.substring(0, UnifiedDiff.MAX_LINE_CHARS);
        cut++;
      }
      lines.add(new DiffLine(++number, line));
      start = end + 1;
    }
    return new FileDiff(path, null, FileDiff.ChangeType.ADDED, false, lines, List.of(), cut);
  }

  static boolean isBinary(byte[] bytes) {
    int probe = Math.min(bytes.length, BINARY_PROBE);
    for (int i = 0; i < probe; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException(e); // REPLACE never throws
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}
