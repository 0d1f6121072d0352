package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A failing test from a JUnit XML report: {@code Class.method}, its message and source file. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestFailure(String name, String message, String file) {}
