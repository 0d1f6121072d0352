package dev.prflow.activities.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestCommandDetectorTest {

  @TempDir Path tree;
  @TempDir Path scratch;

  private TestCommandDetector detector;

  @BeforeEach
  void setUp() {
    detector = new TestCommandDetector(false, scratch);
  }

  private void write(String path, String content) throws IOException {
    Path file = tree.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void executable(String path) throws IOException {
    write(path, "#!/bin/sh\n");
    assertThat(tree.resolve(path).toFile().setExecutable(true)).isTrue();
  }

  private Optional<DetectedCommand> detect() {
    return detector.detect(tree);
  }

  @Test
  void aPomMeansMaven() throws IOException {
    write("pom.xml", "<project/>");

    assertThat(detect()).contains(new DetectedCommand("mvn -B -q test", "maven"));
  }

  @Test
  void mavenRunsOfflineWhenAsked() throws IOException {
    write("pom.xml", "<project/>");

    assertThat(new TestCommandDetector(true, scratch).detect(tree))
        .contains(new DetectedCommand("mvn -B -q -o test", "maven"));
  }

  @Test
  void anExecutableMavenWrapperIsPreferred() throws IOException {
    write("pom.xml", "<project/>");
    executable("mvnw");

    assertThat(detect()).contains(new DetectedCommand("./mvnw -B -q test", "maven"));
  }

  @Test
  void aMavenWrapperWithoutItsExecutableBitIsNotUsed() throws IOException {
    write("pom.xml", "<project/>");
    write("mvnw", "#!/bin/sh\n");

    assertThat(detect().orElseThrow().command()).isEqualTo("mvn -B -q test");
  }

  @ParameterizedTest
  @CsvSource({"build.gradle, gradle test", "build.gradle.kts, gradle test"})
  void aGradleBuildWithoutWrapperUsesGradle(String buildFile, String command) throws IOException {
    write(buildFile, "plugins { id 'java' }\n");

    assertThat(detect()).contains(new DetectedCommand(command, "gradle"));
  }

  @Test
  void theGradleWrapperIsPreferred() throws IOException {
    write("build.gradle.kts", "plugins { java }\n");
    executable("gradlew");

    assertThat(detect()).contains(new DetectedCommand("./gradlew test", "gradle"));
  }

  @Test
  void aPackageWithATestScriptMeansNpm() throws IOException {
    write("package.json", "{\"name\":\"calc\",\"scripts\":{\"test\":\"jest\"}}");

    assertThat(detect()).contains(new DetectedCommand("npm test", "npm"));
  }

  @Test
  void npmsPlaceholderTestScriptIsNotATestSuite() throws IOException {
    write(
        "package.json",
        """
        {
          "name": "calc",
          "scripts": { "test": "echo \\"Error: no test specified\\" && exit 1" }
        }
        """);

    assertThat(detect()).isEmpty();
  }

  @Test
  void aPackageWithoutTestScriptOrThatDoesNotParseIsNotNpm() throws IOException {
    write("package.json", "{\"name\":\"calc\",\"scripts\":{\"build\":\"tsc\"}}");
    assertThat(detect()).isEmpty();

    write("package.json", "{ not json");
    assertThat(detect()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "pytest.ini | [pytest]",
        "pyproject.toml | [tool.pytest.ini_options]",
        "setup.cfg | [tool:pytest]",
        "conftest.py | import pytest",
        "tests/test_calc.py | def test_add(): pass",
        "tests/unit/helpers.py | x = 1",
        "test_calc.py | def test_add(): pass"
      })
  void pythonTestLayoutsMeanPytestWritingItsReportToTheScratchDirectory(String file, String text)
      throws IOException {
    write(file, text + "\n");

    DetectedCommand detected = detect().orElseThrow();

    assertThat(detected.tool()).isEqualTo("pytest");
    assertThat(detected.command())
        .isEqualTo("python3 -m pytest --junitxml=" + scratch.resolve("pytest-junit.xml"));
    assertThat(detector.pytestReport()).isEqualTo(scratch.resolve("pytest-junit.xml"));
  }

  @Test
  void pythonFilesWithoutPytestMarkersAreNotPytest() throws IOException {
    write("pyproject.toml", "[tool.black]\nline-length = 100\n");
    write("setup.cfg", "[metadata]\nname = calc\n");
    write("calc.py", "def add(a, b): return a + b\n");
    write("tests/README.md", "no python here\n");

    assertThat(detect()).isEmpty();
  }

  @Test
  void aScratchPathWithSpacesIsQuotedForTheShell(@TempDir Path temp) throws IOException {
    Path spaced = Files.createDirectories(temp.resolve("my scratch's dir"));
    write("pytest.ini", "[pytest]\n");

    String command = new TestCommandDetector(false, spaced).detect(tree).orElseThrow().command();

    assertThat(command)
        .isEqualTo(
            "python3 -m pytest --junitxml='"
                + spaced.toString().replace("'", "'\"'\"'")
                + "/pytest-junit.xml'");
  }

  @Test
  void aGoModuleMeansGoTest() throws IOException {
    write("go.mod", "module example.com/calc\n\ngo 1.22\n");

    assertThat(detect()).contains(new DetectedCommand("go test ./...", "go"));
  }

  @Test
  void mavenComesFirstThenGradleThenNpmThenPytestThenGo() throws IOException {
    write("go.mod", "module example.com/calc\n");
    assertThat(detect().orElseThrow().tool()).isEqualTo("go");

    write("pytest.ini", "[pytest]\n");
    assertThat(detect().orElseThrow().tool()).isEqualTo("pytest");

    write("package.json", "{\"scripts\":{\"test\":\"vitest run\"}}");
    assertThat(detect().orElseThrow().tool()).isEqualTo("npm");

    write("build.gradle", "");
    assertThat(detect().orElseThrow().tool()).isEqualTo("gradle");

    write("pom.xml", "<project/>");
    assertThat(detect().orElseThrow().tool()).isEqualTo("maven");
  }

  @Test
  void onlyTheRootOfTheTreeCounts() throws IOException {
    write("docs/pom.xml", "<project/>");
    write("tools/go.mod", "module x\n");
    write("README.md", "# calc\n");

    assertThat(detect()).isEmpty();
  }
}
