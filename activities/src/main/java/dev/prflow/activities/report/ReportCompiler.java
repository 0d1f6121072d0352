package dev.prflow.activities.report;

import dev.prflow.workflows.model.DependencyChange;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import dev.prflow.workflows.model.TestFailure;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Judges what the checks found. The verdict: any secret or any test that did not pass (failed,
 * timed out, could not run) is {@code fail}; tests not run, or an error-level review, risk or
 * config finding, is {@code needs_changes}; otherwise {@code pass}. The score starts at 100 and
 * loses the documented {@link Weights}, never below 0.
 */
public final class ReportCompiler {

  /** Points a finding costs; category totals are capped so one noisy check cannot dominate. */
  public static final class Weights {
    public static final int TESTS_FAILED = 40;
    public static final int TESTS_NOT_RUN = 20;
    public static final int SECRET = 30;
    public static final int RISK_ERROR = 15;
    public static final int RISK_WARNING = 5;
    public static final int RISK_CAP = 30;
    public static final int REVIEW_ERROR = 10;
    public static final int REVIEW_WARNING = 3;
    public static final int REVIEW_INFO = 1;
    public static final int REVIEW_CAP = 30;
    public static final int CONFIG = 2;
    public static final int CONFIG_CAP = 10;

    private Weights() {}
  }

  private static final int OUTPUT_TAIL_LINES = 40;
  private static final Map<String, Integer> SEVERITY_ORDER =
      Map.of(Finding.ERROR, 0, Finding.WARNING, 1, Finding.INFO, 2);

  public CompiledReport compile(ReportRequest request) {
    TestRun tests = request.tests();
    ReviewResult review =
        request.review() == null ? new ReviewResult(List.of(), List.of()) : request.review();
    SecurityResult security =
        request.security() == null
            ? new SecurityResult(List.of(), List.of(), List.of(), List.of())
            : request.security();

    List<Finding> findings = new ArrayList<>();
    findings.addAll(testFindings(tests));
    findings.addAll(security.secrets());
    findings.addAll(security.risks());
    findings.addAll(review.findings());
    findings.sort(
        Comparator.comparing((Finding f) -> SEVERITY_ORDER.getOrDefault(f.severity(), 3))
            .thenComparing(f -> f.file() == null ? "" : f.file())
            .thenComparing(f -> f.line() == null ? 0 : f.line()));
    List<String> skipped = new ArrayList<>();
    skipped.addAll(review.skipped());
    skipped.addAll(security.skipped());

    String verdict = verdict(tests, review, security);
    int score = score(tests, review, security);
    String summary = summary(verdict, score, tests, review, security, request.analysis());
    String markdown = markdown(request, verdict, score, summary, tests, review, security, skipped);
    return new CompiledReport(score, verdict, summary, findings, skipped, markdown);
  }

  static String verdict(TestRun tests, ReviewResult review, SecurityResult security) {
    boolean testsBroken = !tests.passed() && !TestRun.NOT_RUN.equals(tests.status());
    if (!security.secrets().isEmpty() || testsBroken) {
      return ValidationResult.FAIL;
    }
    // A review or scan that failed as a whole found nothing because it looked at nothing.
    boolean blocking =
        TestRun.NOT_RUN.equals(tests.status())
            || review.couldNotRun()
            || security.couldNotRun()
            || review.findings().stream().anyMatch(f -> Finding.ERROR.equals(f.severity()))
            || security.risks().stream().anyMatch(f -> Finding.ERROR.equals(f.severity()));
    return blocking ? ValidationResult.NEEDS_CHANGES : ValidationResult.PASS;
  }

  static int score(TestRun tests, ReviewResult review, SecurityResult security) {
    int score = 100;
    if (TestRun.NOT_RUN.equals(tests.status())) {
      score -= Weights.TESTS_NOT_RUN;
    } else if (!tests.passed()) {
      score -= Weights.TESTS_FAILED;
    }
    score -= Weights.SECRET * security.secrets().size();
    int risk = 0;
    for (Finding f : security.risks()) {
      risk += Finding.ERROR.equals(f.severity()) ? Weights.RISK_ERROR : Weights.RISK_WARNING;
    }
    score -= Math.min(risk, Weights.RISK_CAP);
    int reviewCost = 0;
    int configCost = 0;
    for (Finding f : review.findings()) {
      if ("config".equals(f.category())) {
        configCost += Weights.CONFIG;
        continue;
      }
      reviewCost +=
          switch (f.severity()) {
            case Finding.ERROR -> Weights.REVIEW_ERROR;
            case Finding.WARNING -> Weights.REVIEW_WARNING;
            default -> Weights.REVIEW_INFO;
          };
    }
    score -= Math.min(reviewCost, Weights.REVIEW_CAP);
    score -= Math.min(configCost, Weights.CONFIG_CAP);
    return Math.max(0, score);
  }

  private static List<Finding> testFindings(TestRun tests) {
    List<Finding> out = new ArrayList<>();
    for (TestFailure failure : tests.failures()) {
      out.add(
          new Finding(
              "tests",
              failure.file(),
              null,
              Finding.ERROR,
              "test-failed",
              failure.name() + (failure.message() == null ? "" : ": " + failure.message()),
              null));
    }
    return out;
  }

  static String summary(
      String verdict,
      int score,
      TestRun t,
      ReviewResult review,
      SecurityResult security,
      PrAnalysis a) {
    String tests =
        switch (t.status()) {
          case TestRun.PASSED -> "tests passed" + counts(t) + " in " + t.durationMs() + " ms";
          case TestRun.FAILED -> "tests failed" + counts(t) + " (exit " + t.exitCode() + ")";
          case TestRun.TIMED_OUT -> "tests timed out (timeout)";
          case TestRun.NOT_RUN -> "tests not run: " + t.reason();
          default -> "tests could not run: " + t.reason();
        };
    StringBuilder b = new StringBuilder(verdict).append(" (score ").append(score).append("): ");
    b.append(tests);
    if (!security.secrets().isEmpty()) {
      b.append("; ").append(security.secrets().size()).append(" secret(s) added");
    }
    if (!security.risks().isEmpty()) {
      b.append("; ").append(security.risks().size()).append(" risky code finding(s)");
    }
    if (!review.findings().isEmpty()) {
      b.append("; ").append(review.findings().size()).append(" review finding(s)");
    }
    if (a != null) {
      b.append("; ")
          .append(a.filesChanged())
          .append(" files changed (+")
          .append(a.additions())
          .append(" -")
          .append(a.deletions())
          .append(")");
    }
    return b.toString();
  }

  private static String counts(TestRun t) {
    if (t.counts() == null) {
      return "";
    }
    return " ("
        + t.counts().passed()
        + " passed, "
        + t.counts().failed()
        + " failed, "
        + t.counts().errors()
        + " errors, "
        + t.counts().skipped()
        + " skipped)";
  }

  private static String markdown(
      ReportRequest request,
      String verdict,
      int score,
      String summary,
      TestRun tests,
      ReviewResult review,
      SecurityResult security,
      List<String> skipped) {
    PullRequestRef pr = request.input().pr();
    StringBuilder md = new StringBuilder();
    md.append("<!-- prflow-report -->\n");
    md.append("# prflow validation report\n\n");
    md.append("Pull request ").append(pr.url()).append(" · `").append(pr.headBranch());
    md.append("` at `").append(shortSha(pr.headSha())).append("`\n\n");
    md.append("**Verdict: ").append(verdict).append("** · score ").append(score).append("/100\n\n");
    md.append(summary).append("\n\n");

    md.append("## Tests\n\n");
    md.append("- status: **").append(tests.status()).append("**\n");
    if (tests.command() != null) {
      md.append("- command: `").append(tests.command()).append("`\n");
    }
    if (tests.exitCode() != null) {
      md.append("- exit code: ").append(tests.exitCode()).append('\n');
    }
    md.append("- duration: ").append(tests.durationMs()).append(" ms\n");
    if (tests.counts() != null) {
      md.append("- results: ").append(counts(tests).strip()).append('\n');
    }
    if (tests.reason() != null) {
      md.append("- reason: ").append(tests.reason()).append('\n');
    }
    if (!tests.failures().isEmpty()) {
      md.append("\nFailing tests:\n\n");
      for (TestFailure f : tests.failures()) {
        md.append("- `").append(f.name()).append('`');
        if (f.message() != null) {
          md.append(": ").append(oneLine(f.message()));
        }
        md.append('\n');
      }
    }
    if (tests.outputTail() != null && !tests.outputTail().isBlank()) {
      List<String> lines = tests.outputTail().lines().toList();
      List<String> tail =
          lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size());
      md.append("\nOutput (last ")
          .append(tail.size())
          .append(" lines")
          .append(tests.outputTruncated() ? ", earlier output truncated" : "")
          .append("):\n\n");
      md.append(fence(String.join("\n", tail))).append('\n');
    }

    md.append("\n## Security\n\n");
    section(md, "Secrets", security.secrets());
    section(md, "Risky code", security.risks());
    md.append("\n### Dependency changes\n\n");
    if (security.dependencies().isEmpty()) {
      md.append("None.\n");
    } else {
      md.append("| manifest | dependency | change | from | to |\n|---|---|---|---|---|\n");
      for (DependencyChange d : security.dependencies()) {
        md.append("| `")
            .append(d.manifest())
            .append("` | `")
            .append(d.name())
            .append("` | ")
            .append(d.change())
            .append(" | ")
            .append(d.fromVersion() == null ? "" : d.fromVersion())
            .append(" | ")
            .append(d.toVersion() == null ? "" : d.toVersion())
            .append(" |\n");
      }
    }

    md.append("\n## Code review\n\n");
    List<Finding> reviewFindings =
        review.findings().stream().filter(f -> !"config".equals(f.category())).toList();
    List<Finding> configFindings =
        review.findings().stream().filter(f -> "config".equals(f.category())).toList();
    list(md, reviewFindings);
    if (!configFindings.isEmpty()) {
      md.append("\n### Configuration\n\n");
      list(md, configFindings);
    }

    PrAnalysis a = request.analysis();
    if (a != null) {
      md.append("\n## Change\n\n");
      md.append("- ")
          .append(a.filesChanged())
          .append(" files, +")
          .append(a.additions())
          .append(" -")
          .append(a.deletions())
          .append('\n');
      if (!a.languages().isEmpty()) {
        md.append("- languages: ");
        md.append(
            String.join(
                ", ",
                a.languages().entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .toList()));
        md.append('\n');
      }
    }
    if (!skipped.isEmpty()) {
      md.append("\n## Skipped\n\n");
      skipped.forEach(s -> md.append("- ").append(oneLine(s)).append('\n'));
    }
    md.append("\n### Score\n\n");
    md.append(
        "100, minus 40 for tests that did not pass (20 when not run), 30 per secret, risky code");
    md.append(" 15 per error and 5 per warning (at most 30), review 10/3/1 per error/warning/info");
    md.append(" (at most 30), configuration problems 2 each (at most 10).\n");
    return md.toString();
  }

  private static void section(StringBuilder md, String title, List<Finding> findings) {
    md.append("### ").append(title).append(" (").append(findings.size()).append(")\n\n");
    list(md, findings);
    md.append('\n');
  }

  private static void list(StringBuilder md, List<Finding> findings) {
    if (findings.isEmpty()) {
      md.append("None.\n");
      return;
    }
    for (Finding f : findings) {
      md.append("- **").append(f.severity()).append("** ");
      md.append('`').append(location(f)).append("` ");
      md.append(f.rule()).append(": ").append(oneLine(f.message()));
      if (f.suggestion() != null && !f.suggestion().isBlank()) {
        md.append(" — ").append(oneLine(f.suggestion()));
      }
      md.append('\n');
    }
  }

  static String location(Finding f) {
    if (f.file() == null) {
      return "(pull request)";
    }
    return f.line() == null ? f.file() : f.file() + ":" + f.line();
  }

  private static String oneLine(String s) {
    String line = s.replace('\r', ' ').replace('\n', ' ').strip();
    return line.length() > 500 ? line.substring(0, 500) + "…" : line;
  }

  private static String fence(String text) {
    String fence = "```";
    while (text.contains(fence)) {
      fence += "`";
    }
    return fence + "\n" + text + "\n" + fence;
  }

  private static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
  }
}
