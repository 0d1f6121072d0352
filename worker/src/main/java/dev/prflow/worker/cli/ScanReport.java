package dev.prflow.worker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.workflows.model.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code prflow scan}'s findings as text (a line each), JSON (a stable array) or SARIF 2.1.0, the
 * format GitHub code scanning takes. Messages come from the scanner already redacted.
 */
final class ScanReport {

  static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  /** Where a SARIF viewer links the tool's name to: prflow's README on the security scan. */
  static final String INFORMATION_URI =
      "https://github.com/prflow/prflow#validation-tests-review-security-report";

  static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> Objects.toString(f.file(), ""))
          .thenComparing(f -> f.line() == null ? 0 : f.line())
          .thenComparing(f -> Objects.toString(f.rule(), ""));

  private final List<Finding> findings;

  ScanReport(List<Finding> findings) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(ORDER);
    this.findings = List.copyOf(sorted);
  }

  List<Finding> findings() {
    return findings;
  }

  /** {@code path:line severity rule message}, then a summary line. */
  String text(String scanned) {
    StringBuilder out = new StringBuilder();
    for (Finding f : findings) {
      out.append(location(f))
          .append("  ")
          .append(f.severity())
          .append("  ")
          .append(f.rule())
          .append("  ")
          .append(f.message())
          .append('\n');
    }
    out.append(summary()).append(" in ").append(scanned).append('\n');
    return out.toString();
  }

  /** {@code no findings}, or {@code 3 findings (2 error, 1 warning)}. */
  String summary() {
    if (findings.isEmpty()) {
      return "no findings";
    }
    Map<String, Integer> bySeverity = new TreeMap<>();
    findings.forEach(f -> bySeverity.merge(f.severity(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    bySeverity.forEach((severity, count) -> parts.add(count + " " + severity));
    return findings.size()
        + (findings.size() == 1 ? " finding" : " findings")
        + " ("
        + String.join(", ", parts)
        + ")";
  }

  /** A JSON array, one object per finding with fixed keys, sorted by file, line and rule. */
  String json() {
    ArrayNode array = ApiClient.JSON.createArrayNode();
    for (Finding f : findings) {
      ObjectNode o = array.addObject();
      o.put("file", f.file());
      if (f.line() == null) {
        o.putNull("line");
      } else {
        o.put("line", f.line());
      }
      o.put("rule", f.rule());
      o.put("category", f.category());
      o.put("severity", f.severity());
      o.put("message", f.message());
      o.put("suggestion", f.suggestion());
    }
    return write(array);
  }

  /** SARIF 2.1.0: one run, its rules, a result per finding with file and start line. */
  String sarif(String version) {
    ObjectNode root = ApiClient.JSON.createObjectNode();
    root.put("$schema", SARIF_SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "prflow");
    driver.put("informationUri", INFORMATION_URI);
    driver.put("version", version);
    Map<String, Finding> firstByRule = new LinkedHashMap<>();
    findings.stream()
        .sorted(Comparator.comparing(Finding::rule))
        .forEach(f -> firstByRule.putIfAbsent(f.rule(), f));
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> index = new LinkedHashMap<>();
    for (Finding f : firstByRule.values()) {
      index.put(f.rule(), index.size());
      ObjectNode rule = rules.addObject();
      rule.put("id", f.rule());
      rule.put("name", f.rule());
      rule.putObject("shortDescription").put("text", describe(f));
      if (f.suggestion() != null) {
        rule.putObject("help").put("text", f.suggestion());
      }
      rule.putObject("defaultConfiguration").put("level", level(f.severity()));
      rule.putObject("properties").putArray("tags").add("security").add(f.category());
    }
    ArrayNode results = run.putArray("results");
    for (Finding f : findings) {
      ObjectNode result = results.addObject();
      result.put("ruleId", f.rule());
      result.put("ruleIndex", index.get(f.rule()));
      result.put("level", level(f.severity()));
      result.putObject("message").put("text", f.message());
      ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", f.file());
      physical.putObject("region").put("startLine", f.line() == null ? 1 : f.line());
    }
    return write(root);
  }

  static String level(String severity) {
    return switch (severity == null ? "" : severity) {
      case Finding.ERROR -> "error";
      case Finding.WARNING -> "warning";
      default -> "note";
    };
  }

  private static String location(Finding f) {
    return f.line() == null ? f.file() : f.file() + ":" + f.line();
  }

  /** The rule in words, without the file (and, for secrets, without even the redacted value). */
  private static String describe(Finding f) {
    if ("security".equals(f.category())) {
      return "Secret (" + f.rule() + ")";
    }
    String message = f.message();
    String suffix = " in " + f.file();
    int at = f.file() == null ? -1 : message.indexOf(suffix);
    return at > 0 ? message.substring(0, at) : message;
  }

  private static String write(Object node) {
    try {
      return ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
