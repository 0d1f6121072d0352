package dev.prflow.workflows.model;

import java.util.List;

/** The strategies an attempt follows, and the ladder failed attempts climb. */
public final class Strategy {
  public static final String INITIAL = "initial";
  public static final String FIX_FORWARD = "fix_forward";
  public static final String REGENERATE_PROMPT = "regenerate_prompt";
  public static final String DIFFERENT_APPROACH = "different_approach";
  public static final String SIMPLIFIED_SCOPE = "simplified_scope";

  /** What a user may ask for in a retry. */
  public static final List<String> RETRYABLE =
      List.of(FIX_FORWARD, REGENERATE_PROMPT, DIFFERENT_APPROACH, SIMPLIFIED_SCOPE);

  private Strategy() {}

  /** The strategy of attempt {@code n} (1-based) when nobody chose one. */
  public static String forAttempt(int n) {
    return switch (n) {
      case 1 -> INITIAL;
      case 2 -> FIX_FORWARD;
      case 3 -> REGENERATE_PROMPT;
      case 4 -> DIFFERENT_APPROACH;
      default -> SIMPLIFIED_SCOPE;
    };
  }
}
