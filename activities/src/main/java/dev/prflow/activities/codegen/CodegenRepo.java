package dev.prflow.activities.codegen;

/**
 * One repository Codegen lists for the organisation ({@code RepoResponse}): the id a run is created
 * with, and the GitHub {@code owner/name} it stands for.
 */
public record CodegenRepo(long id, String fullName) {}
