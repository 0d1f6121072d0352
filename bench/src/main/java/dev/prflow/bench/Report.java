package dev.prflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the run's table and rewrites the marked section of docs/PERFORMANCE.md: rows and notes of
 * the figures measured now replace their earlier ones; the other figures' stay as they were.
 */
final class Report {
  static final String BEGIN = "<!-- bench:begin -->";

  /** A row of the figures' table: {@code | P1 …}. */
  private static final Pattern FIGURE_ROW = Pattern.compile("\\| P[0-9] ");

  static final String END = "<!-- bench:end -->";
  private static final Pattern NOTES =
      Pattern.compile("<!-- notes:(P\\d) -->\n(.*?)<!-- /notes:\\1 -->\n", Pattern.DOTALL);
  private static final String HEADER =
      "| figure | value | baseline (same run, same machine) | ratio | goal | result | measured |";

  private Report() {}

  static void run(Options o) throws Exception {
    List<Row> rows = new ArrayList<>();
    Map<String, StringBuilder> notes = new TreeMap<>();
    TreeSet<String> measured = new TreeSet<>(List.of(o.get("figures").split(",")));
    for (String line : Files.readAllLines(Path.of(o.get("results")))) {
      if (line.startsWith(Row.PREFIX)) {
        rows.add(Row.parse(line));
      } else if (line.startsWith(Notes.PREFIX)) {
        String[] f = line.split("\t", 3);
        notes
            .computeIfAbsent(f[1], k -> new StringBuilder())
            .append(f.length > 2 ? f[2] : "")
            .append('\n');
      }
    }
    String date = o.get("date");
    printTable(rows);
    String doc = o.get("doc", "none");
    if (doc.equals("none")) {
      return;
    }
    Path path = Path.of(doc);
    String text = Files.exists(path) ? Files.readString(path) : "# Performance\n";
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    String before;
    String old;
    String after;
    if (b >= 0 && e > b) {
      before = text.substring(0, b);
      old = text.substring(b + BEGIN.length(), e);
      after = text.substring(e + END.length());
    } else {
      before = text.endsWith("\n") ? text + "\n" : text + "\n\n";
      old = "";
      after = "\n";
    }
    // earlier rows and notes of figures not measured now
    Map<String, String> keptRows = new LinkedHashMap<>();
    // Only the figures' table, above the first notes: the notes have tables of their own.
    int notesStart = old.indexOf("<!-- notes:");
    String table = notesStart < 0 ? old : old.substring(0, notesStart);
    for (String line : table.split("\n")) {
      if (FIGURE_ROW.matcher(line).lookingAt() && !measured.contains(line.substring(2, 4))) {
        keptRows.put(line.substring(2, line.indexOf('|', 2)).trim(), line);
      }
    }
    Map<String, String> keptNotes = new TreeMap<>();
    Matcher m = NOTES.matcher(old);
    while (m.find()) {
      if (!measured.contains(m.group(1))) {
        keptNotes.put(m.group(1), m.group(0));
      }
    }
    Map<String, String> tableRows = new TreeMap<>();
    keptRows.forEach(tableRows::put);
    for (Row r : rows) {
      tableRows.put(
          r.figure(),
          "| "
              + String.join(
                  " | ",
                  r.figure(),
                  r.value(),
                  r.baseline(),
                  r.ratio().replace("|", "/"),
                  r.goal(),
                  r.verdict(),
                  date)
              + " |");
    }
    Map<String, String> allNotes = new TreeMap<>(keptNotes);
    notes.forEach(
        (figure, body) ->
            allNotes.put(
                figure,
                "<!-- notes:"
                    + figure
                    + " -->\n### "
                    + figure
                    + " ("
                    + date
                    + ")\n\n"
                    + body.toString().stripTrailing()
                    + "\n\n<!-- /notes:"
                    + figure
                    + " -->\n"));

    StringBuilder section = new StringBuilder();
    section.append(BEGIN).append("\n");
    section.append("## `bench/run` figures\n\n");
    section
        .append(
            "Written by `bench/run` (do not edit between the markers). Every ratio is against a baseline measured in the same run on the same machine. Last run: ")
        .append(date)
        .append(", ")
        .append(o.get("machine", ""))
        .append(".\n\n");
    section.append(HEADER).append("\n|---|---|---|---|---|---|---|\n");
    tableRows.values().forEach(r -> section.append(r).append("\n"));
    section.append("\n");
    allNotes.values().forEach(n -> section.append(n).append("\n"));
    section.append(END);
    Files.writeString(path, before + section + after);
    System.out.println("bench/run: wrote the figures into " + path);
  }

  private static void printTable(List<Row> rows) {
    String[] head = {"figure", "value", "baseline", "ratio", "goal", "result"};
    int[] w = new int[head.length];
    List<String[]> cells = new ArrayList<>();
    cells.add(head);
    for (Row r : rows) {
      cells.add(
          new String[] {r.figure(), r.value(), r.baseline(), r.ratio(), r.goal(), r.verdict()});
    }
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        w[i] = Math.max(w[i], c[i].length());
      }
    }
    for (String[] c : cells) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < c.length; i++) {
        sb.append(String.format("%-" + w[i] + "s", c[i])).append(i + 1 < c.length ? "  " : "");
      }
      System.out.println(sb.toString().stripTrailing());
    }
  }
}
