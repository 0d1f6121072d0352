package dev.prflow.activities.codegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.http.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** Response bodies shaped like Codegen's {@code AgentRunResponse}, and time that tests control. */
final class CodegenFixtures {

  static final String ORG = "1234";
  static final String KEY = "sk-test-0f3c9a7e5b1d4c2a8e6f";
  static final String RUN_ID = "86753";
  static final String TRACE = "https://codegen.com/agent/trace/86753";
  static final ObjectMapper JSON = new ObjectMapper();

  private CodegenFixtures() {}

  static String resource(String name) {
    try (InputStream in = CodegenFixtures.class.getResourceAsStream("/codegen/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource codegen/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An {@code AgentRunResponse} with every field the spec lists. */
  static String run(String id, String status, String... prUrls) {
    ObjectNode run = JSON.createObjectNode();
    run.put("id", Long.parseLong(id));
    run.put("organization_id", Long.parseLong(ORG));
    if (status == null) {
      run.putNull("status");
    } else {
      run.put("status", status);
    }
    run.put("created_at", "2025-10-06T14:02:11.532819");
    run.put("web_url", "https://codegen.com/agent/trace/" + id);
    run.putNull("result");
    run.putNull("summary");
    run.put("source_type", "API");
    ArrayNode prs = run.putArray("github_pull_requests");
    long prId = 2913370045L;
    for (String url : prUrls) {
      ObjectNode pr = prs.addObject();
      pr.put("id", prId++);
      pr.put("title", "Add CHANGELOG.md");
      pr.put("url", url);
      pr.put("created_at", "2025-10-06T14:09:47.102311");
      pr.put("head_branch_name", "codegen-bot/add-changelog-" + id);
    }
    ObjectNode metadata = run.putObject("metadata");
    metadata.put("task_id", "tsk_01JB7Q3W");
    metadata.put("attempt", 1);
    metadata.put("strategy", "initial");
    return run.toString();
  }

  /**
   * A {@code Page[RepoResponse]} with {@code count} repositories {@code acme/repo-N} (id 9000 + N)
   * from {@code skip} on, of {@code total}, every field the spec lists.
   */
  static String reposPage(int skip, int count, int total, String... extraNames) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode items = page.putArray("items");
    for (int i = skip; i < skip + count; i++) {
      repo(items, 9000 + i, "acme/repo-" + i);
    }
    int extra = 0;
    for (String name : extraNames) {
      repo(items, 7000 + extra++, name);
    }
    page.put("total", total);
    page.put("page", skip / 100 + 1);
    page.put("size", 100);
    page.put("pages", (total + 99) / 100);
    return page.toString();
  }

  private static void repo(ArrayNode items, long id, String fullName) {
    ObjectNode repo = items.addObject();
    repo.put("id", id);
    repo.put("name", fullName.substring(fullName.indexOf('/') + 1));
    repo.put("full_name", fullName);
    repo.putNull("description");
    repo.put("github_id", String.valueOf(500000 + id));
    repo.put("organization_id", Long.parseLong(ORG));
    repo.put("visibility", "private");
    repo.put("archived", false);
    repo.put("setup_status", "COMPLETED");
    repo.put("language", "Java");
  }

  static String withResult(String runJson, String result) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(runJson);
      node.put("result", result);
      return node.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse error(int code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("message", message);
    body.put("status_code", code);
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body.toString())
        .build();
  }

  static JsonNode body(RecordedRequest request) {
    try {
      return JSON.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A clock that only moves when the {@link RecordingSleeper} sleeps. */
  static final class ManualClock extends Clock {
    private Instant now;

    ManualClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records every wait and moves the clock instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = new ArrayList<>();
    private final ManualClock clock;

    RecordingSleeper(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
      clock.advance(duration);
    }
  }
}
