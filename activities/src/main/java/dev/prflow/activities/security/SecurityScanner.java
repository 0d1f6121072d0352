package dev.prflow.activities.security;

import dev.prflow.activities.diff.FileDiff;
import dev.prflow.workflows.model.DependencyChange;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.SecurityResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The security check of a pull request: secrets and risky code in the lines it adds, and the
 * dependencies it changes. Built to face hostile input: every regex runs under a step budget, the
 * whole scan under a time budget, and anything left unscanned is named in {@code skipped} rather
 * than silently passed. Secrets appear in the result only redacted.
 */
public final class SecurityScanner {

  private final SecretRules rules;
  private final ScanLimits limits;
  private long lastEvaluations;

  public SecurityScanner(SecretRules rules) {
    this(rules, ScanLimits.DEFAULT);
  }

  SecurityScanner(SecretRules rules, ScanLimits limits) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Scans a pull request.
   *
   * @param files the PR's parsed diff
   * @param manifests reads a manifest's full text at base/head for dependency changes
   */
  public SecurityResult scan(List<FileDiff> files, ManifestSource manifests) {
    return scan(files, manifests, true);
  }

  /**
   * Secrets and risky code only, without comparing dependencies: for text that is not a change
   * between two commits, such as a directory scanned whole by {@code prflow scan}.
   */
  public SecurityResult scanLines(List<FileDiff> files) {
    return scan(files, ManifestSource.none(), false);
  }

  private SecurityResult scan(
      List<FileDiff> files, ManifestSource manifests, boolean compareDependencies) {
    List<FileDiff> diff = files == null ? List.of() : files;
    ManifestSource source = manifests == null ? ManifestSource.none() : manifests;
    Skipped skipped = new Skipped(limits.maxSkipped());
    List<Finding> secrets = new ArrayList<>();
    List<Finding> risks = new ArrayList<>();
    SecretDetector detector = new SecretDetector(rules, limits);
    RiskRules riskRules = new RiskRules(limits);
    long deadline = System.nanoTime() + limits.total().toNanos();

    int index = 0;
    for (FileDiff file : diff) {
      index++;
      if (file == null || file.path() == null) {
        continue;
      }
      if (file.binary()) {
        skipped.add(file.path() + ": binary file, not scanned");
        continue;
      }
      if (file.longLinesCut() > 0) {
        skipped.add(
            file.path()
                + ": "
                + file.longLinesCut()
                + " line(s) longer than "
                + limits.maxLineChars()
                + " characters scanned only in their first "
                + limits.maxLineChars());
      }
      boolean finished =
          detector.scan(file, secrets, skipped, deadline)
              && riskRules.scan(file, risks, skipped, deadline);
      if (!finished) {
        int left = diff.size() - index;
        if (left > 0) {
          skipped.add(left + " more file(s) not scanned (scan time budget spent)");
        }
        break;
      }
    }
    lastEvaluations = detector.evaluations;

    List<DependencyChange> dependencies = List.of();
    if (!compareDependencies) {
      return new SecurityResult(secrets, risks, dependencies, skipped.toList());
    }
    try {
      dependencies = DependencyChanges.of(diff, source, skipped);
    } catch (RuntimeException e) {
      skipped.add("dependency changes not compared (" + e.getClass().getSimpleName() + ")");
      dependencies = List.of();
    }
    return new SecurityResult(secrets, risks, dependencies, skipped.toList());
  }

  /** Secret-rule regex evaluations in the last scan after the keyword prefilter; a test hook. */
  long lastRegexEvaluations() {
    return lastEvaluations;
  }
}
