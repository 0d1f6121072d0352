package dev.prflow.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prflow tasks [--status S] [--limit N]}: the newest tasks as a table. */
@Command(name = "tasks", description = "List tasks, newest first.", mixinStandardHelpOptions = true)
public final class TasksCommand extends CliCommand {

  @Option(names = "--status", paramLabel = "S", description = "Only tasks with this status.")
  String status;

  @Option(names = "--limit", paramLabel = "N", description = "At most N tasks (1–100, API: 20).")
  Integer limit;

  @Option(names = "--after", paramLabel = "ID", description = "The page after this task id.")
  Long after;

  @Override
  public Integer call() {
    List<String> query = new ArrayList<>();
    if (status != null) {
      query.add("status=" + ApiClient.segment(status));
    }
    if (limit != null) {
      query.add("limit=" + limit);
    }
    if (after != null) {
      query.add("after=" + after);
    }
    JsonNode page =
        api().getJson("/api/v1/tasks" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    JsonNode items = page.path("items");
    if (items.isEmpty()) {
      out().println(status == null ? "no tasks" : "no tasks with status " + status);
      return 0;
    }
    String format = "%-6s %-18s %-8s %-20s %s%n";
    out().printf(format, "ID", "STATUS", "PRIORITY", "UPDATED", "TITLE");
    for (JsonNode task : items) {
      out()
          .printf(
              format,
              task.path("id").asText(),
              task.path("status").asText(),
              task.path("priority").asText("-"),
              timestamp(task.path("updated_at").asText(task.path("created_at").asText("-"))),
              cut(task.path("title").asText(), 60));
    }
    if (page.hasNonNull("next_after")) {
      out().println("more: prflow tasks --after " + page.path("next_after").asText());
    }
    out().flush();
    return 0;
  }

  /** {@code 2026-12-03T10:15:30.123456Z} → {@code 2026-12-03 10:15:30}. */
  private static String timestamp(String iso) {
    if (iso.length() >= 19 && iso.charAt(10) == 'T') {
      return iso.substring(0, 10) + " " + iso.substring(11, 19);
    }
    return iso;
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
