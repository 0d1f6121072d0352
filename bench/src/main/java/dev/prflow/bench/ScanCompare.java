package dev.prflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
    Map<String, List<String>> scanners = new java.util.LinkedHashMap<>();
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

    // input 1: the corpus, one directory per item
    Path corpus = work.resolve("corpus");
    Map<String, Item> byDir = new HashMap<>();
    for (Item item : items) {
      Path file = corpus.resolve(item.id()).resolve(item.file());
      Files.createDirectories(file.getParent());
      Files.writeString(file, item.line() + "\n");
      byDir.put(item.id(), item);
    }
    // input 2: git log -p of this repository, 2,000 lines a file, the corpus planted in it
    Path real = work.resolve("real");
    Map<String, Item> byPlace = plantInGitLog(root, real, items);
    long realBytes = size(real);
    long corpusBytes = size(corpus);

    List<String> notes = new ArrayList<>();
    Map<String, Measured> corpusResults = new java.util.LinkedHashMap<>();
    Map<String, Measured> realResults = new java.util.LinkedHashMap<>();
    for (var scanner : scanners.entrySet()) {
      corpusResults.put(
          scanner.getKey(),
          measure(
              scanner.getKey(),
              scanner.getValue(),
              corpus,
              work,
              runs,
              f -> byDir.get(top(f.file())),
              items));
      realResults.put(
          scanner.getKey(),
          measure(
              scanner.getKey(),
              scanner.getValue(),
              real,
              work,
              runs,
              f -> byPlace.get(f.file() + ":" + f.line()),
              items));
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "Inputs: the labelled corpus (%d positives, %d negatives, one directory each, %.2f MB) and `git log -p` of this repository (%.1f MB in %d files of 2,000 lines, the same %d lines planted at seeded places). Whole processes, median of %d runs; the JVM's start is part of prflow's time.",
            items.stream().filter(Item::positive).count(),
            items.stream().filter(i -> !i.positive()).count(),
            corpusBytes / 1e6,
            realBytes / 1e6,
            countFiles(real),
            items.size(),
            runs));
    notes.add("");
    notes.add("| input | scanner | wall s | MB/s | recall | precision | other findings |");
    notes.add("|---|---|---|---|---|---|---|");
    for (var entry :
        List.of(Map.entry("corpus", corpusResults), Map.entry("git log -p", realResults))) {
      long bytes = entry.getKey().equals("corpus") ? corpusBytes : realBytes;
      for (Measured m : entry.getValue().values()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.2f | %.1f | %.3f | %.3f | %d |",
                entry.getKey(),
                m.name(),
                m.seconds(),
                bytes / 1e6 / m.seconds(),
                m.score().recall(),
                m.score().precision(),
                m.score().other()));
      }
    }
    Notes.print("P4", String.join("\n", notes) + "\n");

    for (var entry :
        List.of(Map.entry("corpus", corpusResults), Map.entry("git log -p", realResults))) {
      long bytes = entry.getKey().equals("corpus") ? corpusBytes : realBytes;
      Measured p = entry.getValue().get("prflow");
      Measured g = entry.getValue().get("gitleaks");
      if (g == null) {
        new Row(
                "P4 scan " + entry.getKey(),
                describe(p, bytes),
                "gitleaks not installed",
                "n/a",
                "faster than gitleaks at higher recall",
                "n/a")
            .print();
        continue;
      }
      double ratio = g.seconds() / p.seconds();
      new Row(
              "P4 scan " + entry.getKey() + " vs gitleaks",
              describe(p, bytes),
              "gitleaks " + describe(g, bytes),
              Row.ratio(ratio) + " speed",
              "faster than gitleaks at higher recall",
              Row.verdict(ratio > 1 && p.score().recall() > g.score().recall()))
          .print();
    }
  }

  private static String describe(Measured m, long bytes) {
    return String.format(
        Locale.ROOT,
        "%.1f MB/s, recall %.3f, precision %.3f",
        bytes / 1e6 / m.seconds(),
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
    int files = Math.max(1, (lines.size() + perFile - 1) / perFile);
    Random rnd = new Random(11);
    Map<Integer, Map<Integer, List<Item>>> inserts = new HashMap<>();
    for (Item item : items) {
      int f = rnd.nextInt(files);
      int at = rnd.nextInt(perFile);
      inserts
          .computeIfAbsent(f, k -> new HashMap<>())
          .computeIfAbsent(at, k -> new ArrayList<>())
          .add(item);
    }
    Files.createDirectories(real);
    Map<String, Item> byPlace = new HashMap<>();
    for (int f = 0; f < files; f++) {
      String name = String.format(Locale.ROOT, "history-%04d.patch.txt", f);
      List<String> chunk = lines.subList(f * perFile, Math.min(lines.size(), (f + 1) * perFile));
      List<String> out = new ArrayList<>(chunk.size() + 8);
      Map<Integer, List<Item>> here = inserts.getOrDefault(f, Map.of());
      for (int i = 0; i <= chunk.size(); i++) {
        for (Item item : here.getOrDefault(Math.min(i, chunk.size()), List.of())) {
          if (i == chunk.size() || here.containsKey(i)) {
            out.add("+" + item.line());
            byPlace.put(name + ":" + out.size(), item);
          }
        }
        if (i < chunk.size()) {
          out.add(chunk.get(i));
        }
      }
      // items whose place lay past a short last file
      for (var e : here.entrySet()) {
        if (e.getKey() > chunk.size()) {
          for (Item item : e.getValue()) {
            out.add("+" + item.line());
            byPlace.put(name + ":" + out.size(), item);
          }
        }
      }
      Files.write(real.resolve(name), out);
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
