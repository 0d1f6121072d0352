package dev.prflow.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sends one steering request (approve, reject, cancel) and says that it was accepted. */
final class TaskControl {

  private TaskControl() {}

  static int send(
      ApiClient api, PrintWriter out, long id, String action, String field, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (text != null) {
      body.put(field, text);
    }
    JsonNode answer = api.postJson("/api/v1/tasks/" + id + "/" + action, body);
    // The API answers {"status":"cancelling"} or {"decision":"approved"|"rejected"}.
    String said = answer.path("status").asText(answer.path("decision").asText(""));
    out.println("task " + id + ": " + (said.isEmpty() ? action + " sent" : said));
    out.flush();
    return 0;
  }
}
