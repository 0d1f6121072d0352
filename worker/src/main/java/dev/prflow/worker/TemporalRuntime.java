package dev.prflow.worker;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * A connection to Temporal and, when prflow started the server itself, the means to stop it. {@code
 * kind} is {@code external}, {@code cli} (the temporal CLI's dev server) or {@code in-memory}.
 */
public record TemporalRuntime(
    String kind,
    String address,
    String uiAddress,
    WorkflowServiceStubs stubs,
    WorkflowClient client,
    AutoCloseable server)
    implements AutoCloseable {

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    if (server != null) {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("prflow: stopping the Temporal server failed: " + e.getMessage());
      }
    }
  }
}
