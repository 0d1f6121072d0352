package dev.prflow.activities.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.codegen.RunStatus.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RunStatusTest {

  @ParameterizedTest
  @ValueSource(strings = {"COMPLETE", "complete", " Complete ", "completed"})
  void completeIsDone(String status) {
    assertThat(RunStatus.of(status).phase()).isEqualTo(Phase.DONE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "FAILED",
        "error",
        "Cancelled",
        "STOPPED",
        "timeout",
        "MAX_ITERATIONS_REACHED",
        "out_of_tokens"
      })
  void failedStatusesCarryTheStatusAsReason(String status) {
    RunStatus s = RunStatus.of(status);
    assertThat(s.failed()).isTrue();
    assertThat(s.reason()).isEqualTo(status.toUpperCase());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"RUNNING", "running", "ACTIVE", "PENDING", "EVALUATION", "PAUSED", "?"})
  void anythingElseIsStillRunning(String status) {
    assertThat(RunStatus.of(status).running()).isTrue();
  }

  @Test
  void aMissingStatusHasAReadableReason() {
    assertThat(RunStatus.of(null).reason()).isEqualTo("UNKNOWN");
  }
}
