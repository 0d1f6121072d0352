package dev.prflow.activities.codegen;

import java.util.Optional;

/**
 * Where {@link CodegenRunner} keeps the one fact that makes following a run idempotent: the id of
 * the run it started. In a Temporal activity this is the heartbeat details and/or the {@code
 * agent_runs} row; beats are heartbeats.
 */
public interface RunCheckpoint {

  /** The run an earlier try of this attempt started, if it got as far as recording one. */
  Optional<String> recordedRunId();

  /** Persists the run id (and its trace page) before anything else happens. */
  void recordRunId(String runId, String webUrl);

  /** Reports progress; {@code false} means stop following the run. */
  boolean beat(String progress);
}
