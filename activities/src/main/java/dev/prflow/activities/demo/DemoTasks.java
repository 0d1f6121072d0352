package dev.prflow.activities.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The tasks {@code prflow demo} submits. */
public final class DemoTasks {

  private DemoTasks() {}

  public static List<DemoTask> bundled() {
    try {
      JsonNode root = new ObjectMapper().readTree(DemoResources.read("demo/tasks.json"));
      List<DemoTask> tasks = new ArrayList<>();
      for (JsonNode t : root) {
        tasks.add(
            new DemoTask(
                t.path("key").asText(),
                t.path("expected_status").asText(),
                (ObjectNode) t.path("task").deepCopy()));
      }
      return tasks;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled demo tasks", e);
    }
  }
}
