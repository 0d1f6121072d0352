package dev.prflow.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import java.util.Map;

/**
 * The custom search attributes prflow's workflows carry ({@code TaskStatus}, {@code Repository},
 * {@code Priority}, {@code Attempt}), so that {@code temporal workflow list --query
 * "TaskStatus='validation_failed'"} works.
 */
final class SearchAttributes {

  /** As the temporal CLI's {@code --search-attribute} flags take them. */
  static final List<String> DEFINITIONS =
      List.of("TaskStatus=Keyword", "Repository=Keyword", "Priority=Keyword", "Attempt=Int");

  private static final Map<String, IndexedValueType> TYPES =
      Map.of(
          "TaskStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "Repository", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "Priority", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "Attempt", IndexedValueType.INDEXED_VALUE_TYPE_INT);

  private SearchAttributes() {}

  /**
   * Registers the attributes on a server where prflow may (embedded servers, or a cluster that lets
   * it); returns a line saying what happened, for the start-up output.
   */
  static String register(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                // The same credentials (TEMPORAL_API_KEY) as the workflow service calls.
                .setGrpcMetadataProviders(
                    java.util.Objects.requireNonNullElse(
                        stubs.getOptions().getGrpcMetadataProviders(), List.of()))
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putAllSearchAttributes(TYPES)
                  .build());
      return "search attributes registered: " + String.join(", ", DEFINITIONS);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return "search attributes present: " + String.join(", ", DEFINITIONS);
      }
      return "search attributes not registered ("
          + e.getStatus().getCode()
          + "); workflows run without them";
    } finally {
      operator.shutdown();
    }
  }
}
