package dev.prflow.activities.testing;

/**
 * A test command guessed from a repository's build files, and the tool it belongs to ({@code
 * maven}, {@code gradle}, {@code npm}, {@code pytest} or {@code go}), so a report can say why this
 * command ran.
 */
public record DetectedCommand(String command, String tool) {}
