package dev.prflow.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.workflows.model.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/** A task's view from the API, in lines for a person. */
final class TaskText {

  private TaskText() {}

  /** How a task stands or ended: status, reason, PR, tests, verdict and the report's address. */
  static List<String> outcome(JsonNode view, String baseUrl) {
    List<String> lines = new ArrayList<>();
    String status = view.path("status").asText();
    String step = view.path("current_step").asText(status);
    lines.add(
        "task "
            + view.path("id").asText()
            + " "
            + status
            + (step.equals(status) ? "" : " (now " + step + ")")
            + ": "
            + view.path("title").asText());
    String reason = text(view, "outcome_reason");
    if (reason != null) {
      lines.add(row("reason", reason));
    }
    lines.add(row("PR", pullRequest(view.path("pull_request"))));
    lines.add(row("tests", tests(view.path("tests"))));
    JsonNode validation = view.path("validation");
    if (present(validation)) {
      String score =
          validation.hasNonNull("score") ? ", score " + validation.path("score").asInt() : "";
      lines.add(row("verdict", validation.path("verdict").asText("-") + score));
      String id = validation.path("id").asText();
      lines.add(
          row(
              "report",
              baseUrl
                  + validation.path("report_url").asText("/api/v1/validations/" + id + "/report.md")
                  + "  (prflow report "
                  + id
                  + ")"));
    } else {
      lines.add(row("verdict", "-"));
    }
    return lines;
  }

  /** Everything {@code prflow show} prints. */
  static List<String> detail(JsonNode view, String baseUrl) {
    List<String> lines = new ArrayList<>(outcome(view, baseUrl));
    lines.add(
        1,
        row(
            "repository",
            view.path("repository").asText()
                + (text(view, "base_branch") == null
                    ? ""
                    : " (base " + view.path("base_branch").asText() + ")")));
    lines.add(
        2,
        row(
            "settings",
            "priority "
                + view.path("priority").asText("-")
                + ", complexity "
                + view.path("estimated_complexity").asText("-")
                + ", max attempts "
                + view.path("max_attempts").asText("-")
                + (view.path("require_approval").asBoolean()
                    ? ", needs approval"
                        + (view.path("auto_merge").asBoolean() ? ", auto-merge" : "")
                    : "")));
    JsonNode runs = view.path("agent_runs");
    if (runs.isArray() && !runs.isEmpty()) {
      lines.add("  agent runs:");
      for (JsonNode run : runs) {
        StringBuilder line =
            new StringBuilder("    #")
                .append(run.path("attempt").asText())
                .append(' ')
                .append(run.path("strategy").asText())
                .append(" (")
                .append(run.path("agent").asText())
                .append("): ")
                .append(run.path("status").asText());
        if (text(run, "branch") != null) {
          line.append(", ").append(run.path("branch").asText());
        }
        if (text(run, "head_sha") != null) {
          line.append(" at ").append(shortSha(run.path("head_sha").asText()));
        }
        if (text(run, "error") != null) {
          line.append(" — ").append(run.path("error").asText());
        }
        lines.add(line.toString());
      }
    }
    lines.add(row("workflow", view.path("workflow_id").asText()));
    lines.add(
        row(
            "created",
            view.path("created_at").asText("-")
                + (text(view, "completed_at") == null
                    ? ""
                    : ", ended " + view.path("completed_at").asText())));
    if (TaskStatus.AWAITING_APPROVAL.equals(view.path("current_step").asText())) {
      lines.add(approvalHint(view.path("id").asText()));
    }
    return lines;
  }

  static String approvalHint(String id) {
    return "  waiting for approval: prflow approve "
        + id
        + " [--comment TEXT], or prflow reject "
        + id
        + " --comment TEXT";
  }

  static String pullRequest(JsonNode pr) {
    if (!present(pr)) {
      return "none";
    }
    String head = text(pr, "head_sha");
    String state = text(pr, "state");
    return "#"
        + pr.path("number").asText()
        + " on branch "
        + pr.path("branch").asText()
        + (head == null ? "" : " at " + shortSha(head))
        + (state == null ? "" : " (" + state + ")");
  }

  static String tests(JsonNode tests) {
    if (!present(tests)) {
      return "not run";
    }
    StringBuilder line = new StringBuilder(tests.path("status").asText("-"));
    List<String> parts = new ArrayList<>();
    if (text(tests, "command") != null) {
      parts.add(tests.path("command").asText());
    }
    if (tests.hasNonNull("exit_code")) {
      parts.add("exit " + tests.path("exit_code").asInt());
    }
    if (tests.hasNonNull("duration_ms")) {
      parts.add(tests.path("duration_ms").asLong() + " ms");
    }
    if (tests.hasNonNull("passed")) {
      parts.add(
          tests.path("passed").asInt()
              + " passed, "
              + tests.path("failed").asInt()
              + " failed, "
              + tests.path("skipped").asInt()
              + " skipped");
    }
    if (!parts.isEmpty()) {
      line.append(" (").append(String.join(", ", parts)).append(')');
    }
    if (text(tests, "reason") != null) {
      line.append(" — ").append(tests.path("reason").asText());
    }
    return line.toString();
  }

  static String shortSha(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  static String row(String label, String value) {
    return String.format("  %-11s %s", label + ":", value);
  }

  static boolean present(JsonNode node) {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }
}
