package dev.prflow.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.workflows.model.TaskStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Follows a task until it ends: a line per step (and per attempt), and while the agent or the tests
 * run a progress display — a spinner and the seconds spent, redrawn in place on a terminal, or a
 * plain line every {@link #PLAIN_EVERY} otherwise, so logs stay readable.
 */
final class TaskFollower {

  static final Duration PLAIN_EVERY = Duration.ofSeconds(15);

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final Set<String> LONG_STEPS =
      Set.of(TaskStatus.RUNNING_AGENT, TaskStatus.VALIDATING_PR);
  private static final String SPINNER = "|/-\\";

  private final ApiClient api;
  private final PrintWriter out;
  private final boolean tty;
  private final Duration poll;
  private final Duration plainEvery;
  private boolean drawn;

  TaskFollower(ApiClient api, PrintWriter out, boolean tty, Duration poll) {
    this(api, out, tty, poll, PLAIN_EVERY);
  }

  TaskFollower(ApiClient api, PrintWriter out, boolean tty, Duration poll, Duration plainEvery) {
    this.api = api;
    this.out = out;
    this.tty = tty;
    this.poll = poll;
    this.plainEvery = plainEvery;
  }

  /** Polls the task's view until it ends; answers the last view. */
  JsonNode follow(long id) throws InterruptedException {
    String shown = null;
    int timelineShown = 0;
    long stepStarted = System.nanoTime();
    long lastPlain = stepStarted;
    boolean hinted = false;
    int frame = 0;
    while (true) {
      JsonNode view = api.getJson("/api/v1/tasks/" + id);
      String status = view.path("status").asText();
      String step = view.path("current_step").asText(status);
      JsonNode progress = view.path("progress");
      int attempt = progress.path("attempt").asInt(0);
      String key = step + "#" + attempt;
      JsonNode timeline = progress.path("timeline");
      // Steps that began and ended between two polls are in the run's timeline: show them too.
      for (int i = timelineShown; i < timeline.size() - 1; i++) {
        String missed = timeline.get(i).path("step").asText();
        if (TaskStatus.ALL.contains(missed) && !missed.equals(step)) {
          clear();
          say("task " + id + " → " + missed + detail(missed, progress, view));
        }
      }
      timelineShown = Math.max(timelineShown, timeline.size() - 1);
      if (!key.equals(shown)) {
        clear();
        say("task " + id + " → " + step + detail(step, progress, view));
        shown = key;
        timelineShown = Math.max(timelineShown, timeline.size());
        stepStarted = System.nanoTime();
        lastPlain = stepStarted;
      }
      if (TaskStatus.isTerminal(status)) {
        clear();
        return view;
      }
      if (TaskStatus.AWAITING_APPROVAL.equals(step) && !hinted) {
        out.println(TaskText.approvalHint(Long.toString(id)).strip());
        out.flush();
        hinted = true;
      }
      if (LONG_STEPS.contains(step)) {
        long now = System.nanoTime();
        long seconds = Duration.ofNanos(now - stepStarted).toSeconds();
        if (tty) {
          out.print(
              "\r\033[K"
                  + SPINNER.charAt(frame++ % SPINNER.length())
                  + " "
                  + step
                  + " "
                  + seconds
                  + "s");
          out.flush();
          drawn = true;
        } else if (now - lastPlain >= plainEvery.toNanos()) {
          say("task " + id + "   still " + step + " after " + seconds + "s");
          lastPlain = now;
        }
      }
      Thread.sleep(poll.toMillis());
    }
  }

  private static String detail(String step, JsonNode progress, JsonNode view) {
    if (TaskStatus.RUNNING_AGENT.equals(step) && progress.hasNonNull("attempt")) {
      return " (attempt "
          + progress.path("attempt").asInt()
          + ", "
          + progress.path("strategy").asText("initial")
          + ")";
    }
    if (TaskStatus.VALIDATING_PR.equals(step) || TaskStatus.AWAITING_APPROVAL.equals(step)) {
      JsonNode pr = progress.path("pr");
      if (TaskText.present(pr) && pr.hasNonNull("number")) {
        String branch = pr.path("headBranch").asText(pr.path("head_branch").asText(""));
        String sha = pr.path("headSha").asText(pr.path("head_sha").asText(""));
        return " (PR #"
            + pr.path("number").asInt()
            + (branch.isEmpty() ? "" : " on " + branch)
            + (sha.isEmpty() ? "" : " at " + TaskText.shortSha(sha))
            + ")";
      }
      JsonNode stored = view.path("pull_request");
      if (TaskText.present(stored)) {
        return " (PR " + TaskText.pullRequest(stored) + ")";
      }
    }
    return "";
  }

  private void say(String line) {
    out.println(LocalTime.now().format(TIME) + "  " + line);
    out.flush();
  }

  private void clear() {
    if (drawn) {
      out.print("\r\033[K");
      out.flush();
      drawn = false;
    }
  }
}
