package dev.prflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.activities.security.GeneratedCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * P4: {@code prflow scan} against gitleaks and secretlint, whole processes on the same directories:
 * the labelled corpus (one directory per item) and this repository's own {@code git log -p} split
 * into files with the corpus' lines planted at known places.
 */
final class ScanCompare {
  private record Item(String id, boolean positive, String file, String line) {}

  private record Finding(String file, int line) {}

  private record Score(double recall, double precision, int tp, int fp, int other) {}

  private record Measured(String name, double seconds, Score score) {}

  private ScanCompare() {}

  static void run(Options o) throws Exception {
    Path root = Path.of(o.get("root"));
    Path work = Path.of(o.get("work"));
    int runs = o.integer("runs", 3);
    Map<String, List<String>> scanners = new LinkedHashMap<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    scanners.put(
        "prflow",
        List.of(
            java, "-jar", o.get("jar"), "scan", "{dir}", "--format", "json", "--output", "{out}"));
    String gitleaks = o.get("gitleaks", "");
    if (!gitleaks.isEmpty()) {
      scanners.put(
          "gitleaks",
          List.of(
              gitleaks,
              "dir",
              "{dir}",
              "--no-banner",
              "--exit-code",
              "0",
              "-f",
              "json",
              "-r",
              "{out}",
              "--log-level",
              "error"));
    }
    String secretlint = o.get("secretlint", "");
    if (!secretlint.isEmpty()) {
      scanners.put(
          "secretlint",
          List.of(
              secretlint,
              "--secretlintrc",
              ".secretlintrc.json",
              "--format",
              "json",
              "--output",
              "{out}",
              "**/*"));
    }

    List<Item> items = new ArrayList<>();
    Path corpusSrc = root.resolve("activities/src/test/resources/security/corpus");
    for (String kind : List.of("positives", "negatives")) {
      for (String line : Files.readAllLines(corpusSrc.resolve(kind + ".jsonl"))) {
        if (!line.isBlank()) {
          JsonNode n = Api.JSON.readTree(line);
          items.add(
              new Item(
                  n.get("id").asText(),
                  kind.equals("positives"),
                  n.get("file").asText(),
                  n.get("line").asText()));
        }
      }
    }

    // input 1: the corpus, one directory per item (10 KB: a recall figure, too small for speed)
    Path corpus = work.resolve("corpus");
    Map<String, Item> byDir = new HashMap<>();
    for (Item item : items) {
      Path file = corpus.resolve(item.id()).resolve(item.file());
      Files.createDirectories(file.getParent());
      Files.writeString(file, item.line() + "\n");
      byDir.put(item.id(), item);
    }
    // input 2: generated source files (the generator of bench/security), the corpus planted in it
    Path generated = work.resolve("generated");
    int megabytes = o.integer("mb", 24);
    List<GeneratedCode.File> code = GeneratedCode.files((long) megabytes << 20, new Random(42));
    Map<String, Item> byGeneratedPlace =
        plant(
            generated,
            code.stream().map(GeneratedCode.File::path).toList(),
            code.stream().map(GeneratedCode.File::lines).toList(),
            items,
            "");
    // input 3: git log -p of this repository, 2,000 lines a file, the corpus planted in it
    Path real = work.resolve("real");
    Map<String, Item> byPlace = plantInGitLog(root, real, items);
    Map<String, Input> inputs = new LinkedHashMap<>();
    inputs.put("corpus", new Input(corpus, f -> byDir.get(top(f.file()))));
    inputs.put(
        "generated", new Input(generated, f -> byGeneratedPlace.get(f.file() + ":" + f.line())));
    inputs.put("git log -p", new Input(real, f -> byPlace.get(f.file() + ":" + f.line())));
    Path empty = Files.createDirectories(work.resolve("empty"));

    Map<String, Double> starts = new LinkedHashMap<>();
    Map<String, Map<String, Measured>> results = new LinkedHashMap<>();
    for (var scanner : scanners.entrySet()) {
      starts.put(
          scanner.getKey(),
          measure(scanner.getKey(), scanner.getValue(), empty, work, runs, f -> null, items)
              .seconds());
      for (var input : inputs.entrySet()) {
        results
            .computeIfAbsent(input.getKey(), k -> new LinkedHashMap<>())
            .put(
                scanner.getKey(),
                measure(
                    scanner.getKey(),
                    scanner.getValue(),
                    input.getValue().dir(),
                    work,
                    runs,
                    input.getValue().labeller(),
                    items));
      }
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            Locale.ROOT,
            "Inputs: the labelled corpus (%d positives, %d negatives, one directory each, %.2f MB);"
                + " %.1f MB of generated source in %d files (bench/security's generator, seed 42);"
                + " and `git log -p` of this repository (%.1f MB in %d files of 2,000 lines). The"
                + " same %d corpus lines are planted at seeded places in the last two. Whole"
                + " processes, median of %d runs. A scanner's start is its median time on an empty"
                + " directory (%s); MB/s is the input's size over the time past that start, and"
                + " the wall time, start included, is given beside it.",
            items.stream().filter(Item::positive).count(),
            items.stream().filter(i -> !i.positive()).count(),
            size(corpus) / 1e6,
            size(generated) / 1e6,
            countFiles(generated),
            size(real) / 1e6,
            countFiles(real),
            items.size(),
            runs,
            String.join(
                ", ",
                starts.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
                    .toList())));
    notes.add("");
    notes.add(
        "| input | scanner | wall s | MB/s past its start | recall | precision | other findings |");
    notes.add("|---|---|---|---|---|---|---|");
    for (var entry : results.entrySet()) {
      long bytes = size(inputs.get(entry.getKey()).dir());
      for (Measured m : entry.getValue().values()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.2f | %s | %.3f | %.3f | %d |",
                entry.getKey(),
                m.name(),
                m.seconds(),
                entry.getKey().equals("corpus") ? "n/a" : Row.num(rate(bytes, m, starts)),
                m.score().recall(),
                m.score().precision(),
                m.score().other()));
      }
    }
    Notes.print("P4", String.join("\n", notes) + "\n");

    for (var entry : results.entrySet()) {
      long bytes = size(inputs.get(entry.getKey()).dir());
      Measured p = entry.getValue().get("prflow");
      Measured g = entry.getValue().get("gitleaks");
      if (g == null) {
        new Row(
                "P4 scan " + entry.getKey(),
                describe(p, bytes, starts),
                "gitleaks not installed",
                "n/a",
                "faster than gitleaks at higher recall",
                "n/a")
            .print();
        continue;
      }
      if (entry.getKey().equals("corpus")) {
        new Row(
                "P4 scan labelled corpus vs gitleaks (recall only: 10 KB)",
                String.format(
                    Locale.ROOT,
                    "recall %.3f, precision %.3f",
                    p.score().recall(),
                    p.score().precision()),
                String.format(
                    Locale.ROOT,
                    "gitleaks recall %.3f, precision %.3f",
                    g.score().recall(),
                    g.score().precision()),
                Row.ratio(p.score().recall() / g.score().recall()) + " recall",
                "higher recall",
                Row.verdict(p.score().recall() > g.score().recall()))
            .print();
        continue;
      }
      double ratio = rate(bytes, p, starts) / rate(bytes, g, starts);
      new Row(
              "P4 scan " + entry.getKey() + " vs gitleaks",
              describe(p, bytes, starts),
              "gitleaks " + describe(g, bytes, starts),
              Row.ratio(ratio) + " speed",
              "faster than gitleaks at higher recall",
              Row.verdict(ratio > 1 && p.score().recall() > g.score().recall()))
          .print();
    }
  }

  /** MB/s over the time past the scanner's start (its time on an empty directory). */
  private static double rate(long bytes, Measured m, Map<String, Double> starts) {
    double past = m.seconds() - starts.get(m.name());
    return past <= 0 ? Double.NaN : bytes / 1e6 / past;
  }

  private record Input(Path dir, Labeller labeller) {}

  private static String describe(Measured m, long bytes, Map<String, Double> starts) {
    return String.format(
        Locale.ROOT,
        "%s MB/s (%.2f s with its start), recall %.3f, precision %.3f",
        Row.num(rate(bytes, m, starts)),
        m.seconds(),
        m.score().recall(),
        m.score().precision());
  }

  interface Labeller {
    Item label(Finding f);
  }

  private static Measured measure(
      String name,
      List<String> template,
      Path dir,
      Path work,
      int runs,
      Labeller labeller,
      List<Item> items)
      throws Exception {
    Path out = work.resolve(name + "-" + dir.getFileName() + ".json");
    if (name.equals("secretlint")) {
      Files.writeString(
          dir.resolve(".secretlintrc.json"),
          "{\"rules\":[{\"id\":\"@secretlint/secretlint-rule-preset-recommend\"}]}\n");
    }
    List<String> command = new ArrayList<>();
    for (String part : template) {
      command.add(part.replace("{dir}", dir.toString()).replace("{out}", out.toString()));
    }
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Files.deleteIfExists(out);
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve(name + ".log").toFile())
              .start();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(name + " did not finish in 30 minutes");
      }
      times.add((System.nanoTime() - t0) / 1e9);
    }
    Collections.sort(times);
    Set<Finding> findings = parse(name, out, dir);
    Set<String> hit = new HashSet<>();
    int other = 0;
    for (Finding f : findings) {
      Item item = labeller.label(f);
      if (item == null) {
        other++;
      } else {
        hit.add(item.id());
      }
    }
    int tp = 0;
    int fp = 0;
    int positives = 0;
    for (Item item : items) {
      positives += item.positive() ? 1 : 0;
      if (hit.contains(item.id())) {
        if (item.positive()) {
          tp++;
        } else {
          fp++;
        }
      }
    }
    return new Measured(
        name,
        times.get(times.size() / 2),
        new Score(
            (double) tp / positives, tp + fp == 0 ? 1 : (double) tp / (tp + fp), tp, fp, other));
  }

  private static Set<Finding> parse(String name, Path out, Path dir) throws IOException {
    Set<Finding> findings = new HashSet<>();
    if (!Files.exists(out) || Files.size(out) == 0) {
      return findings;
    }
    JsonNode root = Api.JSON.readTree(out.toFile());
    switch (name) {
      case "prflow" -> {
        for (JsonNode f : root) {
          if (!"risk".equals(f.path("category").asText())) {
            findings.add(
                new Finding(relative(dir, f.path("file").asText()), f.path("line").asInt()));
          }
        }
      }
      case "gitleaks" -> {
        for (JsonNode f : root) {
          findings.add(
              new Finding(relative(dir, f.path("File").asText()), f.path("StartLine").asInt()));
        }
      }
      default -> {
        for (JsonNode file : root) {
          for (JsonNode m : file.path("messages")) {
            findings.add(
                new Finding(
                    relative(dir, file.path("filePath").asText()),
                    m.path("loc").path("start").path("line").asInt()));
          }
        }
      }
    }
    return findings;
  }

  private static String relative(Path dir, String file) {
    Path p = Path.of(file);
    return (p.isAbsolute() ? dir.relativize(p) : p.startsWith(dir) ? dir.relativize(p) : p)
        .toString();
  }

  private static String top(String relative) {
    int slash = relative.indexOf('/');
    return slash < 0 ? relative : relative.substring(0, slash);
  }

  private static Map<String, Item> plantInGitLog(Path root, Path real, List<Item> items)
      throws Exception {
    Process p =
        new ProcessBuilder("git", "-C", root.toString(), "log", "-p", "--no-color")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> lines =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    p.waitFor();
    int perFile = 2000;
    List<String> names = new ArrayList<>();
    List<List<String>> chunks = new ArrayList<>();
    for (int f = 0; f * perFile < Math.max(1, lines.size()); f++) {
      names.add(String.format(Locale.ROOT, "history-%04d.patch.txt", f));
      chunks.add(lines.subList(f * perFile, Math.min(lines.size(), (f + 1) * perFile)));
    }
    return plant(real, names, chunks, items, "+");
  }

  /**
   * Writes each chunk of lines to its name under {@code dir} with every item's line planted at a
   * seeded place (file and line), {@code prefix} before it; returns the items by "file:line".
   */
  private static Map<String, Item> plant(
      Path dir, List<String> names, List<List<String>> chunks, List<Item> items, String prefix)
      throws IOException {
    Random rnd = new Random(11);
    Map<Integer, Map<Integer, List<Item>>> inserts = new HashMap<>();
    for (Item item : items) {
      int f = rnd.nextInt(chunks.size());
      int at = rnd.nextInt(chunks.get(f).size() + 1);
      inserts
          .computeIfAbsent(f, k -> new HashMap<>())
          .computeIfAbsent(at, k -> new ArrayList<>())
          .add(item);
    }
    Map<String, Item> byPlace = new HashMap<>();
    for (int f = 0; f < chunks.size(); f++) {
      String name = names.get(f);
      List<String> chunk = chunks.get(f);
      List<String> out = new ArrayList<>(chunk.size() + 8);
      Map<Integer, List<Item>> here = inserts.getOrDefault(f, Map.of());
      for (int i = 0; i <= chunk.size(); i++) {
        for (Item item : here.getOrDefault(i, List.of())) {
          out.add(prefix + item.line());
          byPlace.put(name + ":" + out.size(), item);
        }
        if (i < chunk.size()) {
          out.add(chunk.get(i));
        }
      }
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.write(file, out);
    }
    return byPlace;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static long countFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
