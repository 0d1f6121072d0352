package dev.prflow.worker.cli;

import dev.prflow.activities.security.SecurityScanner;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.SecurityResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prflow scan PATH|DIFF_FILE}: the pipeline's secret and risky-code scanner, run here on a
 * directory or a unified diff. Exit 1 when it finds something, 0 when not, 2 on unusable input.
 */
@Command(
    name = "scan",
    description =
        "Scan a directory (every text file) or a unified diff (its added lines, - for stdin) for"
            + " secrets and risky code; exit 1 on findings.",
    mixinStandardHelpOptions = true)
public final class ScanCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "PATH|DIFF_FILE", description = "What to scan.")
  String target;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text (default), json or sarif.",
      defaultValue = "text")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of stdout.")
  Path output;

  @Override
  public Integer call() {
    String chosen = format.toLowerCase(java.util.Locale.ROOT);
    if (!List.of("text", "json", "sarif").contains(chosen)) {
      throw new CliFailure(
          CliFailure.UNREACHABLE, "--format must be text, json or sarif, not \"" + format + "\"");
    }
    ScanInput input = ScanInput.read(target, context().in());
    SecurityResult result = new SecurityScanner(input.rules()).scanLines(input.files());
    List<Finding> findings = new ArrayList<>(result.secrets());
    findings.addAll(result.risks());
    ScanReport report = new ScanReport(findings);
    for (String note : input.notes()) {
      err().println("prflow scan: " + note);
    }
    for (String note : result.skipped()) {
      err().println("prflow scan: skipped: " + note);
    }
    String text =
        switch (chosen) {
          case "json" -> report.json();
          case "sarif" -> report.sarif(version());
          default -> report.text(input.what());
        };
    if (output == null) {
      out().print(text);
    } else {
      try {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(output, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliFailure(CliFailure.UNREACHABLE, "cannot write " + output + ": " + e);
      }
      out()
          .println(
              report.summary() + " in " + input.what() + "; " + chosen + " written to " + output);
    }
    out().flush();
    err().flush();
    return report.findings().isEmpty() ? 0 : 1;
  }

  private static String version() {
    String v = ScanCommand.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
