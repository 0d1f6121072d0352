package dev.prflow.activities.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.workflows.model.ReviewResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code reviewCode} step: reviews what a pull request adds, not the code it touches. Diff
 * rules (size, tests, markers, debug output, commented-out code, large and binary files, lockfiles)
 * run on the parsed diff; PMD runs in-process on the changed Java files, and only violations on
 * added lines are kept. Each rule can be turned off or given another severity in the {@code
 * review:} section of {@code .prflow.yml}; mistakes there become {@code config} findings. Whatever
 * could not be looked at (unparseable or oversized files, capped findings) is listed in {@link
 * ReviewResult#skipped()} instead of failing the review.
 */
public final class CodeReviewer {

  public CodeReviewer() {}

  /**
   * @param headTree directory holding the PR's head commit checked out (a scratch worktree)
   * @param files the PR's parsed diff
   * @param config the {@code review:} section of the repository's .prflow.yml (may be null /
   *     missing node)
   */
  public ReviewResult review(Path headTree, List<FileDiff> files, JsonNode config) {
    FindingCollector out = new FindingCollector();
    Set<String> pmdRules;
    try {
      pmdRules = PmdReview.ruleNames();
    } catch (RuntimeException | LinkageError e) {
      pmdRules = Set.of();
      out.skip("pmd: the curated ruleset could not be loaded (" + e.getMessage() + ")");
    }
    ReviewConfig settings = ReviewConfig.parse(config, pmdRules);
    out.addAll(settings.problems());

    List<FileDiff> changed =
        files == null ? List.of() : files.stream().filter(Objects::nonNull).toList();
    try {
      DiffRules.apply(headTree, changed, settings, out);
    } catch (RuntimeException e) {
      out.skip("diff rules: failed (" + e + "); their findings may be incomplete");
    }
    if (!settings.pmdEnabled()) {
      out.skip("pmd: turned off by review.pmd in .prflow.yml");
    } else if (!pmdRules.isEmpty()) {
      PmdReview.run(headTree, changed, settings, out);
    }
    return out.result();
  }
}
