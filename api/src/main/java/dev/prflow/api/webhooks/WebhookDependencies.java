package dev.prflow.api.webhooks;

import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.WebhookDeliveryStore;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the GitHub webhook needs from the process that hosts it. Side effects go through the four
 * ports so the webhook never talks to Temporal or GitHub directly.
 *
 * @param secret the shared webhook secret (GITHUB_WEBHOOK_SECRET); null or empty means not
 *     configured, and then every delivery is refused
 */
public record WebhookDependencies(
    byte[] secret,
    WebhookDeliveryStore deliveries,
    TaskStore tasks,
    TaskStarter taskStarter,
    ValidationStarter validationStarter,
    ChecksSignaller checksSignaller,
    IssueCommenter issueCommenter) {

  public WebhookDependencies {
    secret = secret == null || secret.length == 0 ? null : secret.clone();
    Objects.requireNonNull(deliveries, "deliveries");
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(taskStarter, "taskStarter");
    Objects.requireNonNull(validationStarter, "validationStarter");
    Objects.requireNonNull(checksSignaller, "checksSignaller");
    Objects.requireNonNull(issueCommenter, "issueCommenter");
  }

  /** The secret's bytes as GitHub uses them (UTF-8, unchanged); null when unset or blank. */
  public static byte[] secretFrom(String configured) {
    return configured == null || configured.isBlank()
        ? null
        : configured.getBytes(StandardCharsets.UTF_8);
  }

  /** A copy of the secret, or null when none is configured. */
  @Override
  public byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  public boolean hasSecret() {
    return secret != null;
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "WebhookDependencies[secret=" + (secret == null ? "unset" : "set") + "]";
  }
}
