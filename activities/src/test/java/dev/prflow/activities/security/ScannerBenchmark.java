package dev.prflow.activities.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.UnifiedDiff;
import dev.prflow.workflows.model.SecurityResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measures the scanner (and, when installed, secretlint) on the labelled corpus and on a large
 * generated diff. Not a unit test: run it through {@code bench/security/run.sh}.
 *
 * <p>Arguments: {@code <work dir> [secretlint binary] [large diff MB]}.
 */
public final class ScannerBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RUNS = 3;

  private ScannerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/security-bench").toAbsolutePath();
    String secretlint = args.length > 1 && !args[1].isBlank() ? args[1] : null;
    int megabytes = args.length > 2 ? Integer.parseInt(args[2]) : 24;
    deleteTree(work);
    Files.createDirectories(work);

    SecurityScanner scanner = new SecurityScanner(SecretRules.defaults());
    List<Corpus.Item> positives = Corpus.positives();
    List<Corpus.Item> negatives = Corpus.negatives();

    // --- prflow on the corpus
    Corpus.score(scanner); // warm-up
    long t0 = System.nanoTime();
    Corpus.Score prflow = Corpus.score(scanner);
    double prflowCorpusSeconds = (System.nanoTime() - t0) / 1e9;

    // --- large diff
    Large large = generateLarge(megabytes, work.resolve("large"));
    scanner.scan(UnifiedDiff.parse(large.diff), ManifestSource.none()); // warm-up
    double[] times = new double[RUNS];
    SecurityResult result = null;
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      List<FileDiff> files = UnifiedDiff.parse(large.diff);
      result = scanner.scan(files, ManifestSource.none());
      times[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(times);
    double prflowLargeSeconds = times[RUNS / 2];
    double mb = large.diff.getBytes(StandardCharsets.UTF_8).length / (1024.0 * 1024.0);
    double contentMb = large.contentBytes / (1024.0 * 1024.0);
    Set<Integer> prflowPlantedFound = plantedFound(result, large);

    System.out.printf(
        Locale.ROOT,
        "corpus: %d positives (%d types), %d negatives%n",
        positives.size(),
        positives.stream().map(Corpus.Item::type).distinct().count(),
        negatives.size());
    System.out.printf(
        Locale.ROOT,
        "large diff: %.1f MB of diff text, %d files, %d added lines (%.1f MB), %d planted secrets%n",
        mb,
        large.files,
        large.lines,
        contentMb,
        large.plantedLines.size());
    System.out.printf(
        Locale.ROOT,
        "prflow: large-diff runs (parse + scan) %s s; findings: %d secrets, %d risks,"
            + " %d skipped entries; planted secrets found %d/%d%n",
        Arrays.toString(round(times)),
        result.secrets().size(),
        result.risks().size(),
        result.skipped().size(),
        prflowPlantedFound.size(),
        large.plantedLines.size());
    if (!prflow.missed().isEmpty() || !prflow.falseAlarms().isEmpty()) {
      System.out.println("prflow missed: " + prflow.missed());
      System.out.println("prflow false alarms: " + prflow.falseAlarms());
    }

    // --- secretlint on the same inputs
    Row secretlintRow = null;
    if (secretlint != null) {
      Path corpusDir = work.resolve("corpus");
      writeCorpusFiles(corpusDir, Corpus.all());
      Run corpusRun = runSecretlint(secretlint, corpusDir, work.resolve("secretlint-corpus.json"));
      Set<String> flagged = new HashSet<>();
      for (String file : corpusRun.flaggedFiles) {
        Path rel = corpusDir.relativize(Path.of(file));
        flagged.add(rel.getName(0).toString());
      }
      int tp = 0;
      int fp = 0;
      List<String> missed = new ArrayList<>();
      List<String> alarms = new ArrayList<>();
      for (Corpus.Item item : positives) {
        if (flagged.contains(item.id())) {
          tp++;
        } else {
          missed.add(item.id() + " " + item.type());
        }
      }
      for (Corpus.Item item : negatives) {
        if (flagged.contains(item.id())) {
          fp++;
          alarms.add(item.id() + " " + item.type());
        }
      }
      Run largeRun =
          runSecretlint(secretlint, work.resolve("large"), work.resolve("sl-large.json"));
      System.out.printf(
          Locale.ROOT,
          "secretlint: corpus exit %d in %.2f s; large exit %d in %.2f s, %d files flagged%n",
          corpusRun.exit,
          corpusRun.seconds,
          largeRun.exit,
          largeRun.seconds,
          largeRun.flaggedFiles.size());
      System.out.println("secretlint missed: " + missed);
      System.out.println("secretlint false alarms: " + alarms);
      secretlintRow =
          new Row(
              "secretlint",
              (double) tp / positives.size(),
              tp + fp == 0 ? 1.0 : (double) tp / (tp + fp),
              corpusRun.seconds,
              contentMb / largeRun.seconds,
              largeRun.seconds);
    }

    Row prflowRow =
        new Row(
            "prflow",
            prflow.recall(),
            prflow.precision(),
            prflowCorpusSeconds,
            mb / prflowLargeSeconds,
            prflowLargeSeconds);
    System.out.println();
    System.out.println(
        "| scanner | recall | precision | corpus wall time (s) | large: MB/s | large: wall time (s) |");
    System.out.println("|---|---|---|---|---|---|");
    System.out.println(prflowRow.markdown());
    if (secretlintRow != null) {
      System.out.println(secretlintRow.markdown());
    } else {
      System.out.println("| secretlint | not run (not installed) | | | | |");
    }
  }

  private record Row(
      String name,
      double recall,
      double precision,
      double corpusSeconds,
      double mbPerSecond,
      double largeSeconds) {
    String markdown() {
      return String.format(
          Locale.ROOT,
          "| %s | %.3f | %.3f | %.2f | %.1f | %.2f |",
          name,
          recall,
          precision,
          corpusSeconds,
          mbPerSecond,
          largeSeconds);
    }
  }

  private record Run(int exit, double seconds, List<String> flaggedFiles) {}

  private static Run runSecretlint(String binary, Path dir, Path output) throws Exception {
    Files.writeString(
        dir.resolve(".secretlintrc.json"),
        "{\"rules\":[{\"id\":\"@secretlint/secretlint-rule-preset-recommend\"}]}\n");
    ProcessBuilder pb =
        new ProcessBuilder(
                binary,
                "--secretlintrc",
                ".secretlintrc.json",
                "--format",
                "json",
                "--output",
                output.toString(),
                "**/*")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                dir.getParent().resolve(dir.getFileName() + "-secretlint.log").toFile());
    long start = System.nanoTime();
    Process process = pb.start();
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("secretlint did not finish in 30 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> flagged = new ArrayList<>();
    if (Files.exists(output) && Files.size(output) > 0) {
      JsonNode root = JSON.readTree(output.toFile());
      for (JsonNode file : root) {
        if (file.path("messages").size() > 0) {
          flagged.add(file.path("filePath").asText());
        }
      }
    }
    return new Run(process.exitValue(), seconds, flagged);
  }

  private static void writeCorpusFiles(Path dir, List<Corpus.Item> items) throws IOException {
    for (Corpus.Item item : items) {
      Path file = dir.resolve(item.id()).resolve(item.file());
      Files.createDirectories(file.getParent());
      Files.writeString(file, item.line() + "\n");
    }
  }

  private static Set<Integer> plantedFound(SecurityResult result, Large large) {
    Set<Integer> found = new HashSet<>();
    for (var f : result.secrets()) {
      int key = (f.file() + ":" + f.line()).hashCode();
      if (large.plantedLines.contains(key)) {
        found.add(key);
      }
    }
    return found;
  }

  /** The generated diff, the same added lines written as files, and where secrets were planted. */
  private record Large(
      String diff, int files, int lines, long contentBytes, Set<Integer> plantedLines) {}

  private static Large generateLarge(int megabytes, Path filesDir) throws IOException {
    Random rnd = new Random(42);
    StringBuilder diff = new StringBuilder(megabytes * 1024 * 1024 + 1024);
    Set<Integer> planted = new HashSet<>();
    int files = 0;
    int lines = 0;
    long contentBytes = 0;
    for (GeneratedCode.File generated : GeneratedCode.files((long) megabytes << 20, rnd)) {
      files++;
      String path = generated.path();
      int count = generated.lines().size();
      diff.append("diff --git a/").append(path).append(" b/").append(path).append('\n');
      diff.append("new file mode 100644\n--- /dev/null\n+++ b/").append(path).append('\n');
      diff.append("@@ -0,0 +1,").append(count).append(" @@\n");
      StringBuilder content = new StringBuilder();
      for (int n = 1; n <= count; n++) {
        String line = generated.lines().get(n - 1);
        if (rnd.nextInt(20_000) == 0) {
          line = plantedSecret(rnd);
          planted.add((path + ":" + n).hashCode());
        }
        diff.append('+').append(line).append('\n');
        content.append(line).append('\n');
        lines++;
      }
      Path file = filesDir.resolve(path);
      Files.createDirectories(file.getParent());
      byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
      Files.write(file, bytes);
      contentBytes += bytes.length;
    }
    return new Large(diff.toString(), files, lines, contentBytes, planted);
  }

  private static String plantedSecret(Random rnd) {
    String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return switch (rnd.nextInt(3)) {
      case 0 -> "    token = \"ghp_" + random(rnd, alnum, 36) + "\"";
      case 1 -> "aws_access_key_id = AKIA" + random(rnd, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
      default -> "  const stripe = require('stripe')('sk_live_" + random(rnd, alnum, 40) + "');";
    };
  }

  private static String random(Random rnd, String chars, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(chars.charAt(rnd.nextInt(chars.length())));
    }
    return sb.toString();
  }

  private static double[] round(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.round(values[i] * 100) / 100.0;
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
