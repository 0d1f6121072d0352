package dev.prflow.activities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.UnifiedDiff;
import dev.prflow.activities.github.GitHubException;
import dev.prflow.activities.github.GitHubMirror;
import dev.prflow.activities.localgit.CodeHost;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.review.CodeReviewer;
import dev.prflow.activities.security.ManifestSource;
import dev.prflow.activities.security.SecretRules;
import dev.prflow.activities.security.SecurityScanner;
import dev.prflow.activities.testing.RepoConfig;
import dev.prflow.workflows.ReviewActivities;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pull request's diff once per check: code review (PMD and diff rules, on a scratch
 * worktree of the head commit) and the security scan (secrets, risky code, dependency changes).
 */
public class ReviewActivitiesImpl implements ReviewActivities {

  /**
   * A team's own gitleaks rules, read from the base commit so a pull request cannot weaken them.
   */
  public static final String GITLEAKS_FILE = ".gitleaks.toml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern YAML_LINE = Pattern.compile("line (\\d+)");

  private final CodeHost host;
  private final Worktrees worktrees;
  private final CodeReviewer reviewer;
  private final SecretRules defaultRules;
  private GitHubMirror mirror;

  public ReviewActivitiesImpl(
      CodeHost host, Worktrees worktrees, CodeReviewer reviewer, SecretRules defaultRules) {
    this.host = host;
    this.worktrees = worktrees;
    this.reviewer = reviewer;
    this.defaultRules = defaultRules;
  }

  /**
   * Reviews and scans GitHub pull requests on a fetched mirror, like local ones (PMD, .prflow.yml,
   * the team's .gitleaks.toml, dependency changes); without one they get the diff rules only.
   */
  public ReviewActivitiesImpl withMirror(GitHubMirror mirror) {
    this.mirror = mirror;
    return this;
  }

  @Override
  public ReviewResult reviewCode(PullRequestRef pr) {
    if (RepositoryLocation.parse(pr.repository()).isGitHub() && mirror == null) {
      ReviewResult result = reviewer.review(null, UnifiedDiff.parse(host.diff(pr)), null);
      List<String> notes = new ArrayList<>(result.skipped());
      notes.add(
          "GitHub pull request: diff rules only; PMD and .prflow.yml need a local checkout"
              + " (PRFLOW_GITHUB_TESTS=clone)");
      return new ReviewResult(result.findings(), notes);
    }
    Git git = repository(pr);
    List<String> notes = new ArrayList<>();
    List<FileDiff> files = UnifiedDiff.parse(diff(git, pr));
    List<Finding> configFindings = new ArrayList<>();
    // Settings come from the base commit, like the team's gitleaks rules: a pull request (a fork's
    // above all) cannot switch off the rules that judge it. A file the PR breaks is still reported.
    JsonNode proposed = reviewSection(git, pr.headSha(), configFindings);
    JsonNode reviewConfig =
        pr.baseSha() == null ? proposed : reviewSection(git, pr.baseSha(), new ArrayList<>());
    if (!java.util.Objects.equals(proposed, reviewConfig)) {
      notes.add(
          RepoConfig.FILE
              + " review settings changed by this pull request apply once it is merged; the base"
              + " commit's were used");
    }
    ActivityHeartbeat.current().beat("reviewing " + files.size() + " files");
    Path tree = worktrees.addDetached(git, "review-" + shortSha(pr.headSha()), pr.headSha());
    try {
      ReviewResult result = reviewer.review(tree, files, reviewConfig);
      List<Finding> findings = new ArrayList<>(configFindings);
      findings.addAll(result.findings());
      notes.addAll(result.skipped());
      return new ReviewResult(findings, notes);
    } finally {
      worktrees.remove(git, tree);
    }
  }

  @Override
  public SecurityResult scanSecurity(PullRequestRef pr) {
    if (RepositoryLocation.parse(pr.repository()).isGitHub() && mirror == null) {
      SecurityResult result =
          new SecurityScanner(defaultRules)
              .scan(UnifiedDiff.parse(host.diff(pr)), ManifestSource.none());
      List<String> notes = new ArrayList<>(result.skipped());
      notes.add(
          "GitHub pull request: dependency changes need the manifests; not compared"
              + " (PRFLOW_GITHUB_TESTS=clone)");
      return new SecurityResult(result.secrets(), result.risks(), result.dependencies(), notes);
    }
    Git git = repository(pr);
    List<String> notes = new ArrayList<>();
    List<FileDiff> files = UnifiedDiff.parse(diff(git, pr));
    SecretRules rules = defaultRules;
    Optional<String> teamRules = show(git, pr.baseSha(), GITLEAKS_FILE);
    if (teamRules.isPresent()) {
      try {
        rules = SecretRules.fromToml(teamRules.get());
        notes.add("secret rules from " + GITLEAKS_FILE + " at the base commit");
      } catch (IllegalArgumentException broken) {
        notes.add(GITLEAKS_FILE + " ignored, prflow's default rules used: " + broken.getMessage());
      }
    }
    ActivityHeartbeat.current().beat("scanning " + files.size() + " files");
    ManifestSource manifests =
        new ManifestSource() {
          @Override
          public Optional<String> atBase(String path) {
            return show(git, pr.baseSha(), path);
          }

          @Override
          public Optional<String> atHead(String path) {
            return show(git, pr.headSha(), path);
          }
        };
    SecurityResult result = new SecurityScanner(rules).scan(files, manifests);
    notes.addAll(result.skipped());
    return new SecurityResult(result.secrets(), result.risks(), result.dependencies(), notes);
  }

  /** The local repository, or the GitHub pull request's mirror fetched to hold both commits. */
  private Git repository(PullRequestRef pr) {
    RepositoryLocation location = RepositoryLocation.parse(pr.repository());
    if (!location.isGitHub()) {
      return location.git();
    }
    ActivityHeartbeat.current().beat("fetching " + pr.url() + " into the mirror");
    try {
      return mirror.forPullRequest(pr, ActivityHeartbeat.current());
    } catch (GitHubException e) {
      throw e.toApplicationFailure();
    }
  }

  private static String diff(Git git, PullRequestRef pr) {
    ProcessResult result =
        git.exec("diff", "--no-color", "--no-ext-diff", pr.baseSha() + "..." + pr.headSha());
    if (!result.succeeded()) {
      throw new IllegalStateException("git diff failed: " + result.errorOutput().strip());
    }
    return result.output();
  }

  /** The {@code review:} section of the head's .prflow.yml; a broken file becomes a finding. */
  static JsonNode reviewSection(Git git, String commit, List<Finding> findings) {
    Optional<String> text = show(git, commit, RepoConfig.FILE);
    if (text.isEmpty()) {
      return null;
    }
    try {
      JsonNode root = YAML.readTree(text.get());
      return root == null ? null : root.get("review");
    } catch (Exception e) {
      Matcher m = YAML_LINE.matcher(String.valueOf(e.getMessage()));
      Integer line = m.find() ? Integer.valueOf(m.group(1)) : null;
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable");
      findings.add(
          new Finding(
              "config",
              RepoConfig.FILE,
              line,
              Finding.WARNING,
              "prflow-config",
              RepoConfig.FILE
                  + " does not parse"
                  + (line == null ? "" : " at line " + line)
                  + ": "
                  + first,
              "fix the YAML; prflow used its defaults for this run"));
      return null;
    }
  }

  static Optional<String> show(Git git, String commit, String path) {
    if (commit == null) {
      return Optional.empty();
    }
    ProcessResult shown = git.exec("show", commit + ":" + path);
    return shown.succeeded() ? Optional.of(shown.output()) : Optional.empty();
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(7, sha.length()));
  }
}
