package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A dependency added, removed, upgraded or downgraded in a manifest. Versions are null where they
 * do not apply.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DependencyChange(
    String manifest, String name, String fromVersion, String toVersion, String change) {}
