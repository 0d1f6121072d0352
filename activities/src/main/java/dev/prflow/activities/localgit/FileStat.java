package dev.prflow.activities.localgit;

/** Lines added and deleted in one file; binary files have {@code binary} set and zero counts. */
public record FileStat(String path, int additions, int deletions, boolean binary) {}
