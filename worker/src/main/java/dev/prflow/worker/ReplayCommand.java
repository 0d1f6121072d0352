package dev.prflow.worker;

import dev.prflow.workflows.PrValidationWorkflowImpl;
import dev.prflow.workflows.TaskToPrWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code prflow replay <file.json|dir>}: replays histories exported with {@code temporal workflow
 * show --output json} (or {@code client.fetchHistory(id).toJson(true)}) against this build's
 * workflow code. Exits non-zero on non-determinism, naming the workflow and the event.
 */
@Command(
    name = "replay",
    description =
        "Replay exported workflow histories against this build; non-zero on non-determinism.")
final class ReplayCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "history JSON files or dirs")
  List<Path> paths;

  @Override
  public Integer call() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> found = Files.walk(p)) {
          found.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        System.err.println("prflow replay: no such file or directory: " + p);
        return 2;
      }
    }
    if (files.isEmpty()) {
      System.err.println("prflow replay: no .json histories found in " + paths);
      return 2;
    }
    int failed = 0;
    for (Path file : files) {
      String outcome = replay(file);
      System.out.println(outcome);
      if (!outcome.startsWith("ok")) {
        failed++;
      }
    }
    System.out.println(
        (files.size() - failed) + " of " + files.size() + " histories replayed deterministically");
    return failed == 0 ? 0 : 1;
  }

  /** One line: {@code ok …} or {@code FAIL …} naming the workflow and what diverged. */
  static String replay(Path file) {
    WorkflowExecutionHistory history;
    try {
      String name = file.getFileName().toString().replaceFirst("\\.json$", "");
      history = WorkflowExecutionHistory.fromJson(Files.readString(file), name);
    } catch (Exception e) {
      return "FAIL " + file + ": not a workflow history: " + firstLine(e);
    }
    String workflowId =
        history.getEvents().isEmpty()
            ? history.getWorkflowExecution().getWorkflowId()
            : history.getWorkflowExecution().getWorkflowId()
                + " ("
                + history
                    .getEvents()
                    .get(0)
                    .getWorkflowExecutionStartedEventAttributes()
                    .getWorkflowType()
                    .getName()
                + ")";
    int events = history.getEvents().size();
    try {
      WorkflowReplayer.replayWorkflowExecution(
          history, TaskToPrWorkflowImpl.class, PrValidationWorkflowImpl.class);
      return "ok   " + file + " (" + workflowId + ", " + events + " events)";
    } catch (Exception e) {
      return "FAIL " + file + ": workflow " + workflowId + " is not deterministic: " + describe(e);
    }
  }

  private static final java.util.regex.Pattern DIVERGENCE =
      java.util.regex.Pattern.compile(
          "(Failure handling event \\d+ of type '[^']+'[^.]*\\.)?\\s*(?:\\[TMPRL\\d+\\]\\s*)?"
              + "(Event \\d+ of type \\S+ does not match command type \\S+)");

  /** The event where replay diverged, from the SDK's message; else the first line of each cause. */
  static String describe(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    java.util.regex.Matcher m = DIVERGENCE.matcher(all);
    if (m.find()) {
      return (m.group(1) == null ? "" : m.group(1) + " ") + m.group(2);
    }
    java.util.regex.Matcher any =
        java.util.regex.Pattern.compile("Failure handling event \\d+ of type '[^']+'").matcher(all);
    if (any.find()) {
      return any.group();
    }
    return firstLine(e);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
