package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An approval or rejection: who decided and what they said. Payload of {@code approve}/{@code
 * reject}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(String by, String comment) {}
