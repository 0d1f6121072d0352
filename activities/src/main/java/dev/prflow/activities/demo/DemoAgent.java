package dev.prflow.activities.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.agent.AgentOutput;
import dev.prflow.activities.agent.AgentWork;
import dev.prflow.activities.agent.CodingAgent;
import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.workflows.model.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A deterministic offline agent. For a bundled demo task it writes the change that task describes
 * (one of them with a real bug the tests catch). For any other task it writes a plan note under
 * {@code docs/tasks/}, so the rest of the pipeline still runs for real.
 */
public final class DemoAgent implements CodingAgent {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public AgentOutput work(AgentWork work, Heartbeat heartbeat) {
    heartbeat.beat("demo agent writing");
    Optional<String> key = bundledChangeFor(work.task());
    if (key.isPresent()) {
      List<String> files = DemoResources.copyFolder("demo/changes/" + key.get(), work.worktree());
      return new AgentOutput(
          "demo agent applied the bundled change '" + key.get() + "' to " + files, "");
    }
    Path note = work.worktree().resolve("docs/tasks/task-" + work.task().id() + ".md");
    try {
      Files.createDirectories(note.getParent());
      Files.writeString(note, planNote(work));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + note, e);
    }
    return new AgentOutput(
        "demo agent knows no bundled change for this task; it wrote a plan note at "
            + work.worktree().relativize(note),
        "");
  }

  /** The bundled change whose demo task has this title, compared case-insensitively. */
  static Optional<String> bundledChangeFor(TaskSpec task) {
    try {
      JsonNode tasks = MAPPER.readTree(DemoResources.read("demo/tasks.json"));
      String title = task.title().strip().toLowerCase(Locale.ROOT);
      for (JsonNode t : tasks) {
        if (t.path("task").path("title").asText().toLowerCase(Locale.ROOT).equals(title)) {
          return Optional.of(t.path("key").asText());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled demo tasks", e);
    }
  }

  private static String planNote(AgentWork work) {
    TaskSpec task = work.task();
    StringBuilder b = new StringBuilder();
    b.append("# ").append(task.title()).append("\n\n");
    b.append("Task ").append(task.id()).append(", attempt ").append(work.attempt());
    b.append(" (").append(work.strategy()).append("), priority ").append(task.priority());
    b.append(".\n\n");
    if (!task.description().isBlank()) {
      b.append(task.description()).append("\n\n");
    }
    if (!task.requirements().isEmpty()) {
      b.append("## Requirements\n\n");
      task.requirements().forEach(r -> b.append("- [ ] ").append(r).append('\n'));
      b.append('\n');
    }
    if (!task.acceptanceCriteria().isEmpty()) {
      b.append("## Acceptance criteria\n\n");
      task.acceptanceCriteria().forEach(c -> b.append("- [ ] ").append(c).append('\n'));
      b.append('\n');
    }
    b.append("_Written by prflow's offline demo agent, which plans but does not implement._\n");
    return b.toString();
  }
}
