package dev.prflow.activities.github;

/**
 * One changed file of a pull request. {@code patch} is null when GitHub omits it (binary files and
 * very large diffs); {@code previousFilename} is set for renames only.
 */
public record PullRequestFile(
    String filename,
    String status,
    int additions,
    int deletions,
    int changes,
    String patch,
    String previousFilename) {}
