package dev.prflow.activities.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromptGeneratorTest {

  private static final String LIMITER =
      """
      package app;

      /** Token bucket per client. */
      public final class RateLimiter {
        public boolean tryAcquire(String client) {
          return true;
        }
      }
      """;

  @TempDir Path tmp;
  private TestRepo repo;
  private final PromptGenerator generator = new PromptGenerator(PromptLimits.defaults());

  @BeforeEach
  void createRepository() {
    repo = TestRepo.init(tmp.resolve("repo"));
    repo.write("README.md", "# Service\n")
        .write("src/main/java/app/RateLimiter.java", LIMITER)
        .write("src/main/java/app/Server.java", "class Server { /* applies the limiter */ }\n")
        .write("src/main/java/app/Greeting.java", "class Greeting {}\n")
        .write(
            "pom.xml",
            """
            <project><groupId>app</groupId><artifactId>svc</artifactId><version>1.0</version>
              <dependencies>
                <dependency><groupId>io.javalin</groupId><artifactId>javalin</artifactId>
                  <version>6.1.0</version></dependency>
              </dependencies>
            </project>
            """);
    repo.commit("initial");
  }

  private static TaskSpec task(String style) {
    return new TaskSpec(
        42,
        "Per-client rate limiter",
        "Requests from one client must not starve the others.",
        List.of("Limit each client to 10 requests per second", "Return 429 when over the limit"),
        List.of("A client over its limit receives HTTP 429", "Other clients are unaffected"),
        "high",
        "medium",
        "acme/service",
        "main",
        style,
        null);
  }

  private static PromptRequest request(String style) {
    return new PromptRequest(task(null), style, 1, "initial", null);
  }

  private GeneratedPrompt generate(String style) {
    return generator.generate(request(style), repo.dir(), "main");
  }

  @Test
  void includesFilesMatchingTaskTerms() {
    GeneratedPrompt prompt = generate("comprehensive");

    assertThat(prompt.contextFiles())
        .startsWith("src/main/java/app/RateLimiter.java")
        .contains("src/main/java/app/Server.java")
        .doesNotContain("src/main/java/app/Greeting.java", "README.md");
    assertThat(prompt.text())
        .contains("### `src/main/java/app/RateLimiter.java`")
        .contains("public boolean tryAcquire(String client)")
        .contains("```java\n");
  }

  @Test
  void pathMatchesComeBeforeContentOnlyMatches() {
    GeneratedPrompt prompt = generate("comprehensive");

    assertThat(prompt.contextFiles())
        .containsExactly("src/main/java/app/RateLimiter.java", "src/main/java/app/Server.java");
    assertThat(prompt.text().indexOf("### `src/main/java/app/RateLimiter.java`"))
        .isLessThan(prompt.text().indexOf("### `src/main/java/app/Server.java`"));
  }

  @Test
  void truncatesLargeFilesWithVisibleMarker() {
    repo.write("src/main/java/app/LimiterConfig.java", "// limiter setting\n".repeat(400))
        .commit("big file");
    PromptGenerator small = new PromptGenerator(new PromptLimits(8, 500, 48_000, 400));

    GeneratedPrompt prompt = small.generate(request("comprehensive"), repo.dir(), "main");

    String text = prompt.text();
    int section = text.indexOf("### `src/main/java/app/LimiterConfig.java`");
    assertThat(section).isPositive();
    assertThat(text.substring(section))
        .contains("only the beginning is shown")
        .contains(PromptGenerator.TRUNCATED);
    assertThat(text).doesNotContain("// limiter setting\n".repeat(30));
  }

  @Test
  void boundsContextByTotalBytes() {
    for (int i = 0; i < 5; i++) {
      repo.write("src/limiter/Part" + i + ".java", ("// limiter part " + i + "\n").repeat(200));
    }
    repo.commit("many limiter files");
    int budget = 7_000;
    PromptGenerator bounded = new PromptGenerator(new PromptLimits(8, 3_000, budget, 400));

    GeneratedPrompt prompt = bounded.generate(request("comprehensive"), repo.dir(), "main");

    long quoted = prompt.text().lines().filter(line -> line.startsWith("// limiter part ")).count();
    int lineBytes = "// limiter part 0\n".length();
    assertThat(quoted * lineBytes).isLessThanOrEqualTo(budget);
    assertThat(prompt.contextFiles()).hasSizeLessThan(8);
    assertThat(prompt.text()).contains("Other files that may be relevant");
  }

  @Test
  void boundsNumberOfContextFiles() {
    PromptGenerator one = new PromptGenerator(new PromptLimits(1, 8_000, 48_000, 400));

    GeneratedPrompt prompt = one.generate(request("comprehensive"), repo.dir(), "main");

    assertThat(prompt.contextFiles()).containsExactly("src/main/java/app/RateLimiter.java");
    assertThat(prompt.text())
        .contains("Other files that may be relevant: `src/main/java/app/Server.java`");
  }

  @Test
  void boundsTreeEntries() {
    PromptGenerator two = new PromptGenerator(new PromptLimits(8, 8_000, 48_000, 2));

    GeneratedPrompt prompt = two.generate(request("comprehensive"), repo.dir(), "main");

    assertThat(prompt.text())
        .contains("5 files at `main`")
        .contains("README.md\npom.xml\n… and 3 more files\n");
  }

  @Test
  void treeLeavesOutVendoredDirectories() {
    repo.write("node_modules/left-pad/index.js", "module.exports = 1;\n").commit("vendored");

    String text = generate("comprehensive").text();

    assertThat(text)
        .contains("(and 1 in vendored or generated directories, not listed)")
        .doesNotContain("node_modules/left-pad");
  }

  @Test
  void skipsBinaryAndVendoredMatches() {
    repo.write("assets/limiter.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2})
        .write("src/main/java/app/limiter.dat", new byte[] {'l', 'i', 'm', 0, 0, 9})
        .write("node_modules/limiter/index.js", "exports.limiter = 1;\n")
        .write("package-lock.json", "{\"limiter\": 1}\n")
        .commit("noise");

    GeneratedPrompt prompt = generate("comprehensive");

    assertThat(prompt.contextFiles())
        .containsExactly("src/main/java/app/RateLimiter.java", "src/main/java/app/Server.java");
  }

  @Test
  void listsMavenDependencies() {
    String text = generate("comprehensive").text();

    assertThat(text).contains("## Dependencies").contains("- `pom.xml` (Maven)");
    assertThat(text).contains("  - io.javalin:javalin:6.1.0\n");
  }

  @Test
  void listsManifestsUpToTwoDirectoriesDeep() {
    repo.write("web/package.json", "{\"dependencies\": {\"react\": \"^18.2.0\"}}")
        .write("tools/py/requirements.txt", "requests==2.31.0\n")
        .write("a/b/c/go.mod", "module deep\nrequire example.com/deep v1.0.0\n")
        .commit("more manifests");

    String text = generate("comprehensive").text();

    assertThat(text)
        .contains("- `web/package.json` (npm)\n  - react@^18.2.0\n")
        .contains("- `tools/py/requirements.txt` (pip)\n  - requests ==2.31.0\n")
        .doesNotContain("example.com/deep");
  }

  @Test
  void malformedPackageJsonIsNotedNotThrown() {
    repo.write("package.json", "{\"dependencies\": {").commit("broken manifest");

    String text = generate("comprehensive").text();

    assertThat(text).contains("- `package.json` (npm): could not be parsed");
    assertThat(text).contains("  - io.javalin:javalin:6.1.0\n");
  }

  @Test
  void acceptanceCriteriaBecomeNumberedValidationCriteria() {
    String text = generate("comprehensive").text();

    assertThat(text)
        .contains(
            "## Validation criteria\n\n"
                + "The pull request is validated against each check below; it is accepted only"
                + " if every one holds.\n\n"
                + "1. A client over its limit receives HTTP 429\n"
                + "2. Other clients are unaffected\n");
    assertThat(text)
        .contains(
            "## Requirements\n\n"
                + "1. Limit each client to 10 requests per second\n"
                + "2. Return 429 when over the limit\n");
  }

  @Test
  void showsTaskMetadata() {
    String text = generate("comprehensive").text();
    String commit = repo.git("rev-parse", "HEAD").strip();

    assertThat(text)
        .startsWith("# Task: Per-client rate limiter\n")
        .contains("- Repository: `acme/service`\n")
        .contains("- Code read from: `main` at commit `" + commit.substring(0, 12) + "`\n")
        .contains("- Priority: high\n")
        .contains("- Estimated complexity: medium\n")
        .contains("## Description\n\nRequests from one client must not starve the others.\n");
  }

  @Test
  void missingPriorityAndComplexityAreUnspecified() {
    TaskSpec bare =
        new TaskSpec(1, "Rate limiter", null, null, null, null, " ", null, null, null, null);

    String text =
        generator
            .generate(new PromptRequest(bare, "comprehensive", 1, null, null), repo.dir(), "main")
            .text();

    assertThat(text)
        .contains("- Priority: unspecified\n")
        .contains("- Estimated complexity: unspecified\n")
        .contains("No explicit requirements were listed")
        .contains("No acceptance criteria were given");
  }

  @Test
  void rejectsUnknownStyle() {
    assertThatThrownBy(() -> generate("verbose"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'verbose'")
        .hasMessageContaining("comprehensive, concise, step_by_step");
  }

  @Test
  void usesTaskStyleWhenRequestHasNone() {
    PromptRequest request = new PromptRequest(task("concise"), null, 1, null, null);

    assertThat(generator.generate(request, repo.dir(), "main").style()).isEqualTo("concise");
    assertThat(generate(null).style()).isEqualTo("comprehensive");
  }

  @Test
  void conciseStyleOmitsFileContents() {
    GeneratedPrompt prompt = generate("concise");

    assertThat(prompt.style()).isEqualTo("concise");
    assertThat(prompt.text())
        .contains("- `src/main/java/app/RateLimiter.java` (matches rate, limiter")
        .contains("1. A client over its limit receives HTTP 429")
        .doesNotContain("tryAcquire")
        .doesNotContain("```java")
        .doesNotContain("## Dependencies");
    assertThat(prompt.contextFiles()).contains("src/main/java/app/RateLimiter.java");
    assertThat(prompt.text().length()).isLessThan(generate("comprehensive").text().length());
  }

  @Test
  void conciseStyleKeepsTheTreeSmall() {
    for (int i = 0; i < 60; i++) {
      repo.write("docs/page" + i + ".md", "page\n");
    }
    repo.commit("docs");

    String text = generate("concise").text();

    assertThat(text)
        .contains("… and " + (65 - PromptGenerator.CONCISE_TREE_ENTRIES) + " more files");
  }

  @Test
  void stepByStepStyleNumbersPlanSteps() {
    GeneratedPrompt prompt = generate("step_by_step");

    assertThat(prompt.text())
        .contains(
            "## Plan\n\nWork through these steps in order.\n\n"
                + "1. Understand the relevant code: read `src/main/java/app/RateLimiter.java`,"
                + " `src/main/java/app/Server.java` (quoted below).\n"
                + "2. Implement requirement 1: Limit each client to 10 requests per second\n"
                + "3. Implement requirement 2: Return 429 when over the limit\n"
                + "4. Add or update tests that cover each requirement.\n"
                + "5. Verify validation criterion 1: A client over its limit receives HTTP 429\n"
                + "6. Verify validation criterion 2: Other clients are unaffected\n")
        .contains("public boolean tryAcquire(String client)")
        .contains("## Dependencies");
  }

  @Test
  void includesFeedbackFromThePreviousAttempt() {
    PromptRequest retry =
        new PromptRequest(task(null), "comprehensive", 2, "regenerate_prompt", "Tests failed: 429");

    String text = generator.generate(retry, repo.dir(), "main").text();

    assertThat(text)
        .contains("## Attempt 2\n")
        .contains("## Feedback from the previous attempt")
        .contains("```text\nTests failed: 429\n```");
  }

  @Test
  void feedbackContainingFencesStaysInsideItsBlock() {
    PromptRequest retry =
        new PromptRequest(task(null), "concise", 2, null, "see ```java\nfoo()\n```");

    String text = generator.generate(retry, repo.dir(), "main").text();

    assertThat(text).contains("````text\nsee ```java\nfoo()\n```\n````\n");
  }

  @ParameterizedTest
  @CsvSource({
    "fix_forward, fix what the feedback reports instead of starting over",
    "regenerate_prompt, start again from the base branch",
    "different_approach, take a different approach than the previous attempt",
    "simplified_scope, implement only the essential requirements, with the smallest change",
  })
  void explainsTheStrategyOfARetry(String strategy, String explanation) {
    PromptRequest retry = new PromptRequest(task(null), "comprehensive", 3, strategy, "failed");

    String text = generator.generate(retry, repo.dir(), "main").text();

    assertThat(text)
        .contains("## Attempt 3\n")
        .contains("This attempt follows the `" + strategy + "` strategy: ")
        .contains(explanation);
  }

  @Test
  void fixForwardPlanStartsFromThePreviousBranch() {
    PromptRequest retry = new PromptRequest(task(null), "step_by_step", 2, "fix_forward", "x");

    String text = generator.generate(retry, repo.dir(), "main").text();

    assertThat(text).contains("1. Check out the branch of the previous attempt");
  }

  @Test
  void firstAttemptHasNoAttemptOrFeedbackSection() {
    String text = generate("comprehensive").text();

    assertThat(text).doesNotContain("## Attempt").doesNotContain("## Feedback");
  }

  @ParameterizedTest
  @ValueSource(strings = {"comprehensive", "concise", "step_by_step"})
  void alwaysEndsWithInstructions(String style) {
    String text = generate(style).text();

    String last = text.substring(text.lastIndexOf("\n## "));
    assertThat(last)
        .startsWith("\n## Instructions\n")
        .contains("Keep the change focused")
        .contains("Add or update tests")
        .endsWith(
            "Do not commit secrets: no API keys, tokens, passwords, private keys or .env"
                + " files.\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"comprehensive", "concise", "step_by_step"})
  void outputIsDeterministic(String style) {
    GeneratedPrompt first = generate(style);
    GeneratedPrompt second =
        new PromptGenerator(PromptLimits.defaults()).generate(request(style), repo.dir(), "main");

    assertThat(second).isEqualTo(first);
  }

  @Test
  void readsCommittedTreeNotWorkingDirectory() throws Exception {
    Files.writeString(
        repo.dir().resolve("src/main/java/app/RateLimiter.java"), "class RateLimiter { dirty }\n");
    Files.writeString(repo.dir().resolve("src/main/java/app/LimiterDraft.java"), "draft\n");

    String text = generate("comprehensive").text();

    assertThat(text)
        .contains("public boolean tryAcquire(String client)")
        .doesNotContain("dirty")
        .doesNotContain("LimiterDraft");
  }

  @Test
  void readsTheGivenRef() {
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("src/main/java/app/LimiterMetrics.java", "class LimiterMetrics {}\n")
        .commit("feature work");

    assertThat(generator.generate(request("concise"), repo.dir(), "feature").contextFiles())
        .contains("src/main/java/app/LimiterMetrics.java");
    assertThat(generate("concise").contextFiles())
        .doesNotContain("src/main/java/app/LimiterMetrics.java");
  }

  @Test
  void readsABareRepository() {
    Path bare = repo.cloneBare(tmp.resolve("bare.git"));

    GeneratedPrompt prompt = generator.generate(request("comprehensive"), bare, "main");

    assertThat(prompt.contextFiles()).startsWith("src/main/java/app/RateLimiter.java");
  }

  @Test
  void missingRefThrows() {
    assertThatThrownBy(() -> generator.generate(request("concise"), repo.dir(), "release/9"))
        .isInstanceOf(PromptGenerationException.class)
        .hasMessageContaining("'release/9'");
  }

  @Test
  void nonRepositoryThrows() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    assertThatThrownBy(() -> generator.generate(request("concise"), plain, "main"))
        .isInstanceOf(PromptGenerationException.class)
        .hasMessageContaining("not a git repository");
  }

  @Test
  void taskWithoutMatchingFilesSaysSo() {
    TaskSpec unrelated =
        new TaskSpec(
            7,
            "Quantum teleportation",
            "",
            List.of(),
            List.of(),
            "low",
            "small",
            null,
            null,
            null,
            null);

    GeneratedPrompt prompt =
        generator.generate(
            new PromptRequest(unrelated, "comprehensive", 1, null, null), repo.dir(), "main");

    assertThat(prompt.contextFiles()).isEmpty();
    assertThat(prompt.text()).contains("No file matched the task's key terms");
  }
}
