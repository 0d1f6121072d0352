package dev.prflow.activities.testing;

import dev.prflow.workflows.model.TestCounts;
import dev.prflow.workflows.model.TestFailure;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the JUnit XML reports a test run left in its tree (Maven Surefire/Failsafe, Gradle, pytest,
 * jest-junit and anything writing {@code junit*.xml}) into counts and the first failures. Reports
 * are untrusted input: DTDs and external entities are refused, files over {@link #MAX_REPORT_BYTES}
 * are skipped, and a malformed file becomes a note, never an exception.
 *
 * <p>Per-suite files ({@code TEST-*.xml}) are preferred: a suite they already counted is not
 * counted again from an aggregate file such as {@code junit.xml}.
 */
public final class JUnitReports {

  public static final long MAX_REPORT_BYTES = 20L << 20;
  public static final int MAX_FAILURES = 50;
  static final int MAX_MESSAGE = 500;

  private static final int MAX_DEPTH = 30;
  private static final int MAX_TEXT = 4096;
  private static final int NAMES_IN_NOTE = 5;
  private static final Set<String> UNVISITED =
      Set.of(".git", "node_modules", ".venv", "venv", ".tox", ".gradle", ".m2", "__pycache__");

  /** Directories whose {@code junit*.xml} files are inputs or copies of them, not results. */
  private static final Set<String> NOT_RESULTS =
      Set.of("classes", "test-classes", "resources", "testdata", "fixtures", "__fixtures__");

  private static final XMLInputFactory XML = hardenedFactory();

  private JUnitReports() {}

  /** Every report in the tree. */
  public static TestReportSummary read(Path tree) {
    return read(tree, List.of(), Map.of());
  }

  /**
   * The reports a run wrote: those in the tree that the run left unchanged since {@code before} was
   * taken (committed fixtures, stale reports) are ignored; {@code extra} files outside the tree,
   * such as pytest's report in a scratch directory, are read too.
   *
   * @param before from {@link #snapshot(Path)} taken before the run; empty reads every report
   */
  public static TestReportSummary read(
      Path tree, Collection<Path> extra, Map<Path, String> before) {
    List<Path> perSuite = new ArrayList<>();
    List<Path> aggregate = new ArrayList<>();
    for (Path report : find(tree)) {
      String earlier = before.get(report);
      if (earlier != null && earlier.equals(fingerprint(report))) {
        continue;
      }
      (isPerSuite(tree.relativize(report)) ? perSuite : aggregate).add(report);
    }
    for (Path file : extra) {
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        aggregate.add(file);
      }
    }
    return new Reader(tree).read(perSuite, aggregate);
  }

  /** Report files already in the tree before a run, each with its size and modification time. */
  public static Map<Path, String> snapshot(Path tree) {
    Map<Path, String> prints = new HashMap<>();
    for (Path report : find(tree)) {
      String print = fingerprint(report);
      if (print != null) {
        prints.put(report, print);
      }
    }
    return prints;
  }

  /** Report files in the tree, sorted, symbolic links excluded. */
  static List<Path> find(Path tree) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(tree)) {
      return found;
    }
    try {
      Files.walkFileTree(
          tree,
          EnumSet.noneOf(FileVisitOption.class),
          MAX_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(tree) && UNVISITED.contains(dir.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && isReport(tree.relativize(file))) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException unreadable) {
      // what was found so far is still worth reading
    }
    found.sort(null);
    return found;
  }

  static boolean isReport(Path relative) {
    return isPerSuite(relative) || isAggregate(relative);
  }

  /**
   * {@code target/surefire-reports/TEST-*.xml}, {@code target/failsafe-reports/TEST-*.xml} and
   * {@code build/test-results/**}{@code /*.xml}, at any depth.
   */
  static boolean isPerSuite(Path relative) {
    List<String> parts = parts(relative);
    String name = parts.get(parts.size() - 1);
    if (!name.endsWith(".xml")) {
      return false;
    }
    int n = parts.size();
    if (n >= 3
        && name.startsWith("TEST-")
        && parts.get(n - 3).equals("target")
        && (parts.get(n - 2).equals("surefire-reports")
            || parts.get(n - 2).equals("failsafe-reports"))) {
      return true;
    }
    for (int i = 0; i + 2 < n; i++) {
      if (parts.get(i).equals("build") && parts.get(i + 1).equals("test-results")) {
        return true;
      }
    }
    return false;
  }

  /** {@code **}{@code /junit*.xml} and {@code reports/junit/*.xml}. */
  static boolean isAggregate(Path relative) {
    List<String> parts = parts(relative);
    int n = parts.size();
    String name = parts.get(n - 1).toLowerCase(Locale.ROOT);
    if (!name.endsWith(".xml")) {
      return false;
    }
    if (n == 3 && parts.get(0).equals("reports") && parts.get(1).equals("junit")) {
      return true;
    }
    return name.startsWith("junit")
        && parts.subList(0, n - 1).stream().noneMatch(NOT_RESULTS::contains);
  }

  private static List<String> parts(Path relative) {
    List<String> parts = new ArrayList<>();
    relative.forEach(p -> parts.add(p.toString()));
    return parts;
  }

  private static String fingerprint(Path file) {
    try {
      BasicFileAttributes attrs =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.size() + "@" + attrs.lastModifiedTime();
    } catch (IOException gone) {
      return null;
    }
  }

  private static XMLInputFactory hardenedFactory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory;
  }

  /** One test case as a report states it. */
  private record Case(
      String className, String name, String file, Outcome outcome, String message) {}

  private enum Outcome {
    PASSED,
    FAILED,
    ERROR,
    SKIPPED
  }

  /** A top-level suite: the unit by which aggregate reports are deduplicated. */
  private record Suite(String name, List<Case> cases) {}

  private static final class NotAReport extends Exception {
    NotAReport() {
      super(null, null, false, false);
    }
  }

  /** Accumulates one read over many files. */
  private static final class Reader {
    private final Path tree;
    private final Set<String> countedSuites = new HashSet<>();
    private final List<String> malformed = new ArrayList<>();
    private final List<String> oversized = new ArrayList<>();
    private final List<TestFailure> failures = new ArrayList<>();
    private int passed;
    private int failed;
    private int skipped;
    private int errors;
    private int reports;
    private int unlisted;

    Reader(Path tree) {
      this.tree = tree;
    }

    TestReportSummary read(List<Path> perSuite, List<Path> aggregate) {
      Set<Path> seen = new LinkedHashSet<>();
      for (Path file : perSuite) {
        if (seen.add(canonical(file))) {
          readFile(file, true);
        }
      }
      for (Path file : aggregate) {
        if (seen.add(canonical(file))) {
          readFile(file, false);
        }
      }
      List<String> notes = new ArrayList<>();
      if (!malformed.isEmpty()) {
        notes.add(malformed.size() + " malformed JUnit report(s) ignored: " + listed(malformed));
      }
      if (!oversized.isEmpty()) {
        notes.add(oversized.size() + " JUnit report(s) over 20 MB skipped: " + listed(oversized));
      }
      if (unlisted > 0) {
        notes.add(unlisted + " more failing test(s) not listed");
      }
      TestCounts counts =
          reports == 0 ? null : new TestCounts(passed, failed, skipped, errors, reports);
      return new TestReportSummary(counts, failures, notes);
    }

    private void readFile(Path file, boolean perSuite) {
      String shown = display(file);
      try {
        if (Files.size(file) > MAX_REPORT_BYTES) {
          oversized.add(shown);
          return;
        }
      } catch (IOException gone) {
        return;
      }
      List<Suite> suites;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        suites = parse(in);
      } catch (NotAReport other) {
        return;
      } catch (IOException | XMLStreamException | RuntimeException broken) {
        malformed.add(shown);
        return;
      }
      reports++;
      Path moduleRoot = perSuite ? moduleRoot(file) : tree;
      for (Suite suite : suites) {
        boolean named = suite.name() != null && !suite.name().isBlank();
        if (perSuite && named) {
          countedSuites.add(suite.name());
        } else if (!perSuite && named && countedSuites.contains(suite.name())) {
          continue; // already counted from its own TEST-*.xml
        }
        suite.cases().forEach(c -> count(c, moduleRoot));
      }
    }

    private void count(Case c, Path moduleRoot) {
      switch (c.outcome()) {
        case PASSED -> passed++;
        case SKIPPED -> skipped++;
        case FAILED -> failed++;
        case ERROR -> errors++;
      }
      if (c.outcome() != Outcome.FAILED && c.outcome() != Outcome.ERROR) {
        return;
      }
      if (failures.size() >= MAX_FAILURES) {
        unlisted++;
        return;
      }
      failures.add(new TestFailure(name(c), c.message(), fileOf(c, moduleRoot)));
    }

    private static String name(Case c) {
      String cls = c.className() == null ? "" : c.className().strip();
      String method = c.name() == null ? "" : c.name().strip();
      if (cls.isEmpty() || method.startsWith(cls)) {
        return method.isEmpty() ? cls : method; // jest repeats the suite in the test's name
      }
      return method.isEmpty() ? cls : cls + "." + method;
    }

    /** The report's own file attribute, or a source file named after the test class. */
    private String fileOf(Case c, Path moduleRoot) {
      if (c.file() != null && !c.file().isBlank()) {
        return relative(c.file().strip());
      }
      if (c.className() == null || c.className().isBlank()) {
        return null;
      }
      String cls = c.className().strip().replaceAll("[$\\[(].*$", "");
      if (!cls.matches("[\\w.]+")) {
        return null;
      }
      String path = cls.replace('.', '/');
      List<Path> candidates = new ArrayList<>();
      candidates.add(moduleRoot.resolve("src/test/java/" + path + ".java"));
      candidates.add(moduleRoot.resolve("src/test/kotlin/" + path + ".kt"));
      candidates.add(moduleRoot.resolve("src/test/groovy/" + path + ".groovy"));
      candidates.add(tree.resolve(path + ".py"));
      int lastDot = path.lastIndexOf('/');
      if (lastDot > 0) {
        candidates.add(tree.resolve(path.substring(0, lastDot) + ".py")); // module.TestClass
      }
      for (Path candidate : candidates) {
        if (candidate.normalize().startsWith(tree) && Files.isRegularFile(candidate)) {
          return slashes(tree.relativize(candidate.normalize()));
        }
      }
      return null;
    }

    private String relative(String file) {
      try {
        Path path = Path.of(file);
        if (path.isAbsolute() && path.normalize().startsWith(tree)) {
          return slashes(tree.relativize(path.normalize()));
        }
      } catch (RuntimeException notAPath) {
        return file;
      }
      return file.startsWith("./") ? file.substring(2) : file;
    }

    /** The directory holding {@code target/} or {@code build/} for a per-suite report. */
    private Path moduleRoot(Path report) {
      for (Path dir = report.getParent();
          dir != null && dir.startsWith(tree);
          dir = dir.getParent()) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if ((name.equals("target") || name.equals("build")) && dir.getParent() != null) {
          return dir.getParent();
        }
      }
      return tree;
    }

    private String display(Path file) {
      return file.startsWith(tree) ? slashes(tree.relativize(file)) : file.getFileName().toString();
    }

    private static String listed(List<String> names) {
      String shown = String.join(", ", names.subList(0, Math.min(NAMES_IN_NOTE, names.size())));
      return names.size() > NAMES_IN_NOTE ? shown + ", …" : shown;
    }

    private static Path canonical(Path file) {
      try {
        return file.toRealPath();
      } catch (IOException gone) {
        return file.toAbsolutePath().normalize();
      }
    }

    private static String slashes(Path path) {
      return path.toString().replace('\\', '/');
    }
  }

  /** Streams one file: suites, their cases and each case's outcome. */
  private static List<Suite> parse(InputStream in) throws XMLStreamException, NotAReport {
    XMLStreamReader xml = XML.createXMLStreamReader(in);
    try {
      List<Suite> suites = new ArrayList<>();
      Suite current = null;
      Suite loose = null; // cases directly under <testsuites>
      int depth = 0;
      int suiteDepth = -1;
      String suiteFile = null;
      // the open test case
      int caseDepth = -1;
      String cls = null;
      String name = null;
      String file = null;
      Outcome outcome = null;
      String message = null;
      StringBuilder text = null;
      boolean root = true;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.ENTITY_REFERENCE || event == XMLStreamConstants.DTD) {
          throw new XMLStreamException("DTDs and entity references are not accepted");
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          String element = xml.getLocalName();
          if (root) {
            root = false;
            if (!element.equals("testsuites") && !element.equals("testsuite")) {
              throw new NotAReport();
            }
          }
          if (element.equals("testsuite") && current == null) {
            current = new Suite(xml.getAttributeValue(null, "name"), new ArrayList<>());
            suiteDepth = depth;
            suiteFile = xml.getAttributeValue(null, "file");
          } else if (element.equals("testcase") && caseDepth < 0) {
            caseDepth = depth;
            cls = xml.getAttributeValue(null, "classname");
            name = xml.getAttributeValue(null, "name");
            file = xml.getAttributeValue(null, "file");
            if (file == null) {
              file = suiteFile;
            }
            outcome = Outcome.PASSED;
            message = null;
          } else if (caseDepth > 0 && depth == caseDepth + 1) {
            Outcome found =
                switch (element) {
                  case "failure" -> Outcome.FAILED;
                  case "error" -> Outcome.ERROR;
                  case "skipped" -> Outcome.SKIPPED;
                  default -> null;
                };
            if (found != null && rank(found) > rank(outcome)) {
              outcome = found;
              message = firstLine(xml.getAttributeValue(null, "message"));
              if (message == null && found != Outcome.SKIPPED) {
                text = new StringBuilder();
                String type = xml.getAttributeValue(null, "type");
                if (type != null) {
                  message = firstLine(type);
                }
              }
            }
          }
        } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
          if (text != null && text.length() < MAX_TEXT) {
            text.append(xml.getText(), 0, Math.min(xml.getTextLength(), MAX_TEXT - text.length()));
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          if (text != null && depth == caseDepth + 1) {
            String fromText = firstLine(text.toString());
            if (fromText != null) {
              message = fromText;
            }
            text = null;
          }
          if (depth == caseDepth) {
            Case c = new Case(cls, name, file, outcome, message);
            if (current != null) {
              current.cases().add(c);
            } else {
              if (loose == null) {
                loose = new Suite(null, new ArrayList<>());
                suites.add(loose);
              }
              loose.cases().add(c);
            }
            caseDepth = -1;
          }
          if (depth == suiteDepth) {
            suites.add(current);
            current = null;
            suiteDepth = -1;
            suiteFile = null;
          }
          depth--;
        }
      }
      return suites;
    } finally {
      xml.close();
    }
  }

  private static int rank(Outcome outcome) {
    return switch (outcome) {
      case PASSED -> 0;
      case SKIPPED -> 1;
      case ERROR -> 2;
      case FAILED -> 3;
    };
  }

  /** The first non-blank line, at most {@link #MAX_MESSAGE} characters; null when none. */
  static String firstLine(String text) {
    if (text == null) {
      return null;
    }
    for (String line : text.split("\\R")) {
      String stripped = line.strip();
      if (!stripped.isEmpty()) {
        if (stripped.length() <= MAX_MESSAGE) {
          return stripped;
        }
        int end = MAX_MESSAGE - 1;
        if (Character.isHighSurrogate(stripped.charAt(end - 1))) {
          end--;
        }
        return stripped.substring(0, end) + "…";
      }
    }
    return null;
  }
}
