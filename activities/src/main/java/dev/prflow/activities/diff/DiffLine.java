package dev.prflow.activities.diff;

/** One added or removed line: its number in the new (added) or old (removed) file, and its text. */
public record DiffLine(int line, String text) {}
