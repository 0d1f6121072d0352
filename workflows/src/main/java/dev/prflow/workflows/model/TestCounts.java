package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Test counts read from JUnit XML reports; {@code reports} is how many report files were read. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestCounts(int passed, int failed, int skipped, int errors, int reports) {}
