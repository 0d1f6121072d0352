package dev.prflow.activities.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.agent.AgentOutput;
import dev.prflow.activities.agent.AgentWork;
import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.testing.TestRunner;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAgentTest {

  @TempDir Path temp;

  private static ObjectNode bundledTask(String key) {
    return DemoTasks.bundled().stream()
        .filter(t -> t.key().equals(key))
        .findFirst()
        .orElseThrow()
        .body();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static TaskSpec spec(long id, String title, ObjectNode body) {
    return new TaskSpec(
        id,
        title,
        body.path("description").asText(),
        strings(body.path("requirements")),
        strings(body.path("acceptance_criteria")),
        body.path("priority").asText("medium"),
        body.path("estimated_complexity").asText("medium"),
        "local:/unused",
        "main",
        null,
        null);
  }

  /** Lets the demo agent change a fresh demo repository, commits, and runs its tests. */
  private TestRun applyAndTest(TaskSpec task) {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    Git git = new Git(repo);
    new DemoAgent()
        .work(
            new AgentWork(task, 1, "default", "prompt", temp.resolve("p.md"), repo),
            Heartbeat.NONE);
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "demo change");
    TestRunner runner =
        new TestRunner(new Worktrees(temp.resolve("work")), null, Duration.ofMinutes(2));
    return runner.run(git, git.resolve("HEAD").orElseThrow(), Heartbeat.NONE).run();
  }

  @Test
  void bundledTasksAreTheMultiplyAndPercentChanges() {
    assertThat(DemoTasks.bundled())
        .extracting(DemoTask::key, DemoTask::expectedStatus)
        .containsExactly(tuple("multiply", "completed"), tuple("percent", "validation_failed"));
    assertThat(DemoTasks.bundled())
        .allSatisfy(t -> assertThat(t.body().path("title").asText()).isNotBlank());
  }

  @Test
  void theMultiplyChangeMakesTheTestsPass() {
    ObjectNode body = bundledTask("multiply");

    TestRun run = applyAndTest(spec(1, body.path("title").asText(), body));

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
    assertThat(run.outputTail()).contains("PASS").contains("0 failures").doesNotContain("FAIL");
  }

  @Test
  void thePercentChangeMakesTheTestsFail() {
    ObjectNode body = bundledTask("percent");

    TestRun run = applyAndTest(spec(2, body.path("title").asText(), body));

    assertThat(run.status()).isEqualTo(TestRun.FAILED);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.outputTail()).contains("FAIL");
  }

  @Test
  void bundledTitlesMatchIgnoringCaseAndSurroundingSpace() {
    String title = bundledTask("multiply").path("title").asText();

    assertThat(
            DemoAgent.bundledChangeFor(
                spec(3, "  " + title.toUpperCase() + " ", bundledTask("multiply"))))
        .contains("multiply");
    assertThat(DemoAgent.bundledChangeFor(spec(3, "Something else", bundledTask("multiply"))))
        .isEmpty();
  }

  @Test
  void anUnknownTaskGetsAPlanNote() throws IOException {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    TaskSpec task =
        new TaskSpec(
            42,
            "Document the release process",
            "Write down how we cut a release.",
            List.of("List the steps"),
            List.of("docs explain tagging", "docs explain changelog"),
            "high",
            "low",
            "local:" + repo,
            "main",
            null,
            null);
    AtomicInteger beats = new AtomicInteger();

    AgentOutput output =
        new DemoAgent()
            .work(
                new AgentWork(task, 2, "retry", "prompt", temp.resolve("p.md"), repo),
                progress -> beats.incrementAndGet() > 0);

    Path note = repo.resolve("docs/tasks/task-42.md");
    assertThat(note).exists();
    assertThat(Files.readString(note))
        .startsWith("# Document the release process\n")
        .contains("Task 42, attempt 2 (retry), priority high.")
        .contains("Write down how we cut a release.")
        .contains("- [ ] List the steps")
        .contains("- [ ] docs explain tagging", "- [ ] docs explain changelog");
    assertThat(output.summary()).contains("docs/tasks/task-42.md");
    assertThat(beats.get()).isPositive();
    assertThat(new Git(repo).lines("status", "--porcelain")).containsExactly("?? docs/");
  }
}
