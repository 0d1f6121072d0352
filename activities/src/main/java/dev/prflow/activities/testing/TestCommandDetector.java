package dev.prflow.activities.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Guesses a repository's test command from the files at the root of its checked-out tree, for
 * repositories without a {@code test_command} in {@code .prflow.yml}. The first match wins: Maven,
 * Gradle, npm, pytest, go. Nothing is run; only files are looked at.
 */
public final class TestCommandDetector {

  /** The script {@code npm init} writes, which fails on purpose: not a test suite. */
  static final String NPM_DEFAULT_TEST = "echo \"Error: no test specified\" && exit 1";

  /** Name of the JUnit XML file pytest is asked to write into the scratch directory. */
  public static final String PYTEST_REPORT = "pytest-junit.xml";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_CONFIG_BYTES = 1 << 20;

  private final boolean mavenOffline;
  private final Path scratch;

  /**
   * @param mavenOffline adds {@code -o} to Maven so it never reaches the network
   * @param scratch directory outside the tree where pytest writes {@link #PYTEST_REPORT}
   */
  public TestCommandDetector(boolean mavenOffline, Path scratch) {
    this.mavenOffline = mavenOffline;
    this.scratch = scratch;
  }

  public Optional<DetectedCommand> detect(Path tree) {
    if (Files.isRegularFile(tree.resolve("pom.xml"))) {
      return Optional.of(maven(tree));
    }
    if (Files.isRegularFile(tree.resolve("build.gradle"))
        || Files.isRegularFile(tree.resolve("build.gradle.kts"))) {
      return Optional.of(gradle(tree));
    }
    if (hasNpmTestScript(tree)) {
      return Optional.of(new DetectedCommand("npm test", "npm"));
    }
    if (usesPytest(tree)) {
      return Optional.of(new DetectedCommand(pytestCommand(), "pytest"));
    }
    if (Files.isRegularFile(tree.resolve("go.mod"))) {
      return Optional.of(new DetectedCommand("go test ./...", "go"));
    }
    return Optional.empty();
  }

  /** Where pytest's report lands, or null without a scratch directory. */
  public Path pytestReport() {
    return scratch == null ? null : scratch.resolve(PYTEST_REPORT);
  }

  private DetectedCommand maven(Path tree) {
    Path wrapper = tree.resolve("mvnw");
    String mvn = Files.isRegularFile(wrapper) && Files.isExecutable(wrapper) ? "./mvnw" : "mvn";
    return new DetectedCommand(mvn + " -B -q" + (mavenOffline ? " -o" : "") + " test", "maven");
  }

  private static DetectedCommand gradle(Path tree) {
    Path wrapper = tree.resolve("gradlew");
    String gradle;
    if (!Files.isRegularFile(wrapper)) {
      gradle = "gradle";
    } else if (Files.isExecutable(wrapper)) {
      gradle = "./gradlew";
    } else {
      gradle = "sh ./gradlew"; // committed without its executable bit
    }
    return new DetectedCommand(gradle + " test", "gradle");
  }

  private static boolean hasNpmTestScript(Path tree) {
    Path manifest = tree.resolve("package.json");
    if (!isSmallFile(manifest)) {
      return false;
    }
    try {
      JsonNode test = JSON.readTree(manifest.toFile()).path("scripts").path("test");
      return test.isTextual()
          && !test.asText().isBlank()
          && !test.asText().strip().equals(NPM_DEFAULT_TEST);
    } catch (IOException | RuntimeException unreadable) {
      return false;
    }
  }

  private static boolean usesPytest(Path tree) {
    return Files.isRegularFile(tree.resolve("pytest.ini"))
        || Files.isRegularFile(tree.resolve("conftest.py"))
        || fileContains(tree.resolve("pyproject.toml"), "[tool.pytest")
        || fileContains(tree.resolve("setup.cfg"), "[tool:pytest]")
        || hasPythonTests(tree);
  }

  /** {@code test_*.py} at the root, or Python files in {@code tests/}. */
  private static boolean hasPythonTests(Path tree) {
    try (Stream<Path> top = Files.list(tree)) {
      if (top.anyMatch(
          p -> {
            String name = p.getFileName().toString();
            return name.startsWith("test_") && name.endsWith(".py") && Files.isRegularFile(p);
          })) {
        return true;
      }
    } catch (IOException unreadable) {
      return false;
    }
    Path tests = tree.resolve("tests");
    if (!Files.isDirectory(tests)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(tests, 3)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".py"));
    } catch (IOException unreadable) {
      return false;
    }
  }

  private String pytestCommand() {
    Path report = pytestReport();
    String command = "python3 -m pytest";
    return report == null ? command : command + " --junitxml=" + shellQuote(report.toString());
  }

  static String shellQuote(String text) {
    if (text.matches("[A-Za-z0-9_./=:@%+-]+")) {
      return text;
    }
    return "'" + text.replace("'", "'\"'\"'") + "'";
  }

  private static boolean fileContains(Path file, String marker) {
    if (!isSmallFile(file)) {
      return false;
    }
    try {
      return Files.readString(file).contains(marker);
    } catch (IOException | RuntimeException unreadable) {
      return false; // includes text that is not UTF-8
    }
  }

  private static boolean isSmallFile(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) <= MAX_CONFIG_BYTES;
    } catch (IOException unreadable) {
      return false;
    }
  }
}
