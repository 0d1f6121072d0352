package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An approval or rejection: who decided, what they said, and which way it came. Payload of the
 * {@code approve}/{@code reject} updates and signals. {@code via} is {@value #VIA_API} when the
 * REST API sent it ({@code by} is then the calling key's name) and {@value #VIA_TEMPORAL} for
 * anything sent straight to Temporal, e.g. {@code --input '{"by":"alice"}'} from the CLI, where
 * {@code by} is whatever the sender typed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(String by, String comment, String via) {

  public static final String VIA_API = "api";
  public static final String VIA_TEMPORAL = "temporal";

  public Decision {
    via = VIA_API.equals(via) ? VIA_API : VIA_TEMPORAL;
  }

  /** A decision sent through the REST API by the key named {@code by}. */
  public static Decision viaApi(String by, String comment) {
    return new Decision(by, comment, VIA_API);
  }

  /** A decision sent straight to Temporal (the CLI): {@code by} is what the sender typed. */
  public static Decision viaTemporal(String by, String comment) {
    return new Decision(by, comment, VIA_TEMPORAL);
  }

  /** The same decision, marked as sent straight to Temporal. */
  public Decision fromTemporal() {
    return new Decision(by, comment, VIA_TEMPORAL);
  }

  /** "by alice via api", "via temporal" when nobody was named: who decided, for the records. */
  public String who() {
    return (by == null ? "" : "by " + by + " ") + "via " + via;
  }
}
