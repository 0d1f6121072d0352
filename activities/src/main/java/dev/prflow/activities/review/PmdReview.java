package dev.prflow.activities.review;

import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.FileDiff.ChangeType;
import dev.prflow.workflows.model.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.sourceforge.pmd.PMDConfiguration;
import net.sourceforge.pmd.PmdAnalysis;
import net.sourceforge.pmd.lang.Language;
import net.sourceforge.pmd.lang.document.FileId;
import net.sourceforge.pmd.lang.rule.Rule;
import net.sourceforge.pmd.lang.rule.RulePriority;
import net.sourceforge.pmd.lang.rule.RuleSet;
import net.sourceforge.pmd.lang.rule.RuleSetLoader;
import net.sourceforge.pmd.reporting.Report;
import net.sourceforge.pmd.reporting.RuleViolation;
import net.sourceforge.pmd.util.log.PmdReporter;
import org.slf4j.event.Level;

/**
 * Runs PMD in-process over the changed Java files with prflow's curated ruleset and keeps only the
 * violations that start on an added line, so a pull request answers for what it wrote and not for
 * the file's history. Files are read from the head tree; the repository's code is never compiled or
 * loaded, so type resolution sees the JDK only (the platform class loader, no aux classpath).
 */
final class PmdReview {

  static final String RULESET = "review/pmd-ruleset.xml";
  static final String RULE_PREFIX = ReviewConfig.PMD_PREFIX;
  static final int MAX_FILES = 200;
  static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
  static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;

  private static final int MAX_NOTE_CHARS = 200;

  /**
   * The curated ruleset as loaded once, with what loading it reported: parsing its XML and making
   * its rules cost more CPU than reviewing a small pull request (bench/run P1). Each analysis works
   * on a deep copy, so no rule's state is shared between reviews running at once.
   */
  private record Curated(RuleSet rules, Set<String> names, List<String> loadErrors) {}

  private static volatile Curated curated;

  private static Curated curated() {
    Curated loaded = curated;
    if (loaded == null) {
      CollectingReporter reporter = new CollectingReporter();
      RuleSet rules = loadRuleSet(reporter);
      Set<String> names = new TreeSet<>();
      for (Rule rule : rules.getRules()) {
        names.add(rule.getName());
      }
      loaded = new Curated(rules, Set.copyOf(names), List.copyOf(reporter.errors));
      curated = loaded;
    }
    return loaded;
  }

  private PmdReview() {}

  /** Names of the rules in the curated ruleset, loaded once. */
  static Set<String> ruleNames() {
    return curated().names();
  }

  /** Loads the curated ruleset; throws if a rule in it does not exist in this PMD version. */
  static RuleSet loadRuleSet(PmdReporter reporter) {
    PMDConfiguration configuration = new PMDConfiguration();
    configuration.setReporter(reporter);
    return RuleSetLoader.fromPmdConfig(configuration)
        .loadResourcesWith(PmdReview.class.getClassLoader())
        .warnDeprecated(true)
        .loadFromResource(RULESET);
  }

  static void run(Path headTree, List<FileDiff> files, ReviewConfig config, FindingCollector out) {
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, Set<Integer>> addedLines = new HashMap<>();
    List<String> overLimit = new ArrayList<>();
    long total = 0;
    for (FileDiff file : files) {
      if (!file.path().endsWith(".java")
          || file.type() == ChangeType.DELETED
          || file.binary()
          || file.added().isEmpty()) {
        continue;
      }
      if (headTree == null) {
        out.skip("pmd: head tree not available; Java files were not analysed");
        return;
      }
      if (sources.size() >= MAX_FILES) {
        overLimit.add(file.path());
        continue;
      }
      Path path = DiffRules.resolve(headTree, file.path());
      if (path == null || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        out.skip(file.path() + ": not a regular file in the head tree; not analysed by PMD");
        continue;
      }
      try {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
          out.skip(
              file.path()
                  + ": "
                  + size / 1024
                  + " KB is over PMD's limit of "
                  + MAX_FILE_BYTES / 1024
                  + " KB; not analysed by PMD");
          continue;
        }
        if (total + size > MAX_TOTAL_BYTES) {
          overLimit.add(file.path());
          continue;
        }
        total += size;
        // invalid UTF-8 becomes U+FFFD rather than an error
        sources.put(file.path(), new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
      } catch (IOException e) {
        out.skip(file.path() + ": unreadable (" + e.getMessage() + "); not analysed by PMD");
        continue;
      }
      Set<Integer> lines = new HashSet<>();
      for (DiffLine line : file.added()) {
        lines.add(line.line());
      }
      addedLines.put(file.path(), lines);
    }
    if (!overLimit.isEmpty()) {
      out.skip(
          "pmd: "
              + overLimit.size()
              + " Java files over the limit of "
              + MAX_FILES
              + " files or "
              + MAX_TOTAL_BYTES / (1024 * 1024)
              + " MB were not analysed: "
              + String.join(", ", overLimit.subList(0, Math.min(10, overLimit.size())))
              + (overLimit.size() > 10 ? ", …" : ""));
    }
    if (sources.isEmpty()) {
      return;
    }
    try {
      analyse(sources, addedLines, config, out);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      out.skip("pmd: analysis failed (" + shorten(String.valueOf(e)) + "); no PMD findings");
    }
  }

  private static void analyse(
      Map<String, String> sources,
      Map<String, Set<Integer>> addedLines,
      ReviewConfig config,
      FindingCollector out) {
    CollectingReporter reporter = new CollectingReporter();
    Curated loaded = curated();
    reporter.errors.addAll(loaded.loadErrors());
    Set<String> disabled = config.disabledPmdRules();
    RuleSet.RuleSetBuilder builder = new RuleSet(loaded.rules()).toBuilder();
    builder.removeIf(rule -> disabled.contains(rule.getName()));
    RuleSet rules = builder.build();
    if (rules.size() == 0) {
      return;
    }

    PMDConfiguration configuration = new PMDConfiguration();
    configuration.setReporter(reporter);
    configuration.setIgnoreIncrementalAnalysis(true);
    configuration.setThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    // no aux classpath: the repository is not compiled, so only JDK types resolve
    configuration.setMinimumPriority(RulePriority.LOW);
    Language java = configuration.getLanguageRegistry().getLanguageById("java");
    configuration.setOnlyRecognizeLanguage(java);
    // the newest stable Java PMD knows parses Java 17 code and newer syntax alike
    configuration.setDefaultLanguageVersion(java.getDefaultVersion());

    Report report;
    try (PmdAnalysis pmd = PmdAnalysis.create(configuration)) {
      pmd.addRuleSet(rules);
      sources.forEach(
          (path, text) -> pmd.files().addSourceFile(FileId.fromPathLikeString(path), text));
      report = pmd.performAnalysisAndCollectReport();
    }

    Set<String> failedFiles = new HashSet<>();
    for (Report.ProcessingError error : report.getProcessingErrors()) {
      String path = error.getFileId().getOriginalPath();
      failedFiles.add(path);
      out.skip(path + ": PMD could not analyse it (" + shorten(error.getMsg()) + ")");
    }
    for (Report.ConfigurationError error : report.getConfigurationErrors()) {
      out.skip(RULE_PREFIX + error.rule().getName() + ": not run (" + shorten(error.issue()) + ")");
    }
    if (failedFiles.isEmpty()) {
      reporter.errors.forEach(message -> out.skip("pmd: " + shorten(message)));
    }

    for (RuleViolation violation : report.getViolations()) {
      String path = violation.getFileId().getOriginalPath();
      Set<Integer> lines = addedLines.get(path);
      if (lines == null || !lines.contains(violation.getBeginLine())) {
        continue;
      }
      Rule rule = violation.getRule();
      String id = RULE_PREFIX + rule.getName();
      out.add(
          new Finding(
              DiffRules.CATEGORY,
              path,
              violation.getBeginLine(),
              config.severity(id, severityOf(rule.getPriority())),
              id,
              violation.getDescription(),
              suggestion(rule)));
    }
  }

  /** PMD priority 1-2 is an error, 3 a warning, 4-5 information. */
  static String severityOf(RulePriority priority) {
    int level = priority == null ? RulePriority.MEDIUM.getPriority() : priority.getPriority();
    if (level <= 2) {
      return Finding.ERROR;
    }
    return level == 3 ? Finding.WARNING : Finding.INFO;
  }

  private static String suggestion(Rule rule) {
    String description = rule.getDescription() == null ? "" : rule.getDescription();
    String text = description.strip().replaceAll("\\s+", " ");
    String url = rule.getExternalInfoUrl();
    if (url != null && !url.isBlank()) {
      text = text.isEmpty() ? "See " + url : text + " (" + url + ")";
    }
    return text;
  }

  private static String shorten(String message) {
    if (message == null) {
      return "no detail";
    }
    String firstLine = message.strip().lines().findFirst().orElse("");
    return firstLine.length() > MAX_NOTE_CHARS
        ? firstLine.substring(0, MAX_NOTE_CHARS) + "…"
        : firstLine;
  }

  /**
   * Keeps PMD's own errors for the {@code skipped} notes and drops everything else, so PMD writes
   * nothing to the worker's log.
   */
  static final class CollectingReporter implements PmdReporter {
    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @Override
    public boolean isLoggable(Level level) {
      return level == Level.ERROR || level == Level.WARN;
    }

    @Override
    public synchronized void logEx(Level level, String message, Object[] args, Throwable error) {
      String text;
      try {
        text = args == null || args.length == 0 ? message : MessageFormat.format(message, args);
      } catch (IllegalArgumentException e) {
        text = message;
      }
      if (text == null && error != null) {
        text = error.toString();
      }
      if (level == Level.ERROR) {
        errors.add(text);
      } else if (level == Level.WARN) {
        warnings.add(text);
      }
    }

    @Override
    public synchronized int numErrors() {
      return errors.size();
    }
  }
}
