package dev.prflow.activities.testing;

import dev.prflow.workflows.model.TestRun;

/**
 * A test run and its whole captured output. {@code run.outputTail()} holds only the last {@link
 * TestRunner#TAIL_BYTES}, small enough for workflow history; {@code fullOutput} (at most {@link
 * TestRunner#MAX_OUTPUT} bytes of the output's end, null when nothing ran) is for storage.
 */
public record TestExecution(TestRun run, String fullOutput) {}
