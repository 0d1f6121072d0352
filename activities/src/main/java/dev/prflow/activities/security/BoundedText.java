package dev.prflow.activities.security;

/**
 * A read-only view of a line that counts every character a regular expression reads and gives up
 * once a step budget or a deadline is spent. Java's regex engine backtracks, so a crafted line or a
 * careless pattern from a team's config could otherwise hold the worker for hours; this turns such
 * a case into a {@link BudgetExceeded} that the caller reports as skipped.
 */
final class BoundedText implements CharSequence {

  /**
   * How often (in character reads, a power of two) the clock is read; every access would be slow.
   */
  private static final int CLOCK_EVERY = 4096;

  private final String text;
  private final int offset;
  private final int length;
  private final Budget budget;

  private BoundedText(String text, int offset, int length, Budget budget) {
    this.text = text;
    this.offset = offset;
    this.length = length;
    this.budget = budget;
  }

  /**
   * Wraps {@code text} with a budget of {@code steps} character reads that also ends at {@code
   * deadlineNanos} (a {@link System#nanoTime()} value).
   */
  static BoundedText of(String text, long steps, long deadlineNanos) {
    return new BoundedText(text, 0, text.length(), new Budget(steps, deadlineNanos));
  }

  /** A matcher over {@code text} with the budget {@code limits} give a line of its length. */
  static java.util.regex.Matcher matcher(
      java.util.regex.Pattern pattern, String text, ScanLimits limits) {
    long deadline = System.nanoTime() + limits.perLine().toNanos();
    return pattern.matcher(of(text, limits.stepsFor(text.length()), deadline));
  }

  /** Character reads left; negative once exhausted. */
  long remaining() {
    return budget.remaining;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    Budget b = budget;
    long left = --b.remaining;
    if (left < 0) {
      throw BudgetExceeded.STEPS;
    }
    if ((left & (CLOCK_EVERY - 1)) == 0 && System.nanoTime() - b.deadlineNanos > 0) {
      throw BudgetExceeded.TIME;
    }
    return text.charAt(offset + index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    if (start < 0 || end > length || start > end) {
      throw new IndexOutOfBoundsException("subSequence " + start + ".." + end + " of " + length);
    }
    return new BoundedText(text, offset + start, end - start, budget);
  }

  @Override
  public String toString() {
    return text.substring(offset, offset + length);
  }

  private static final class Budget {
    long remaining;
    final long deadlineNanos;

    Budget(long remaining, long deadlineNanos) {
      this.remaining = remaining;
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** Thrown from inside the regex engine; carries no text, so it can never leak a secret. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final BudgetExceeded STEPS = new BudgetExceeded("regex step budget exceeded");
    static final BudgetExceeded TIME = new BudgetExceeded("regex time budget exceeded");

    private BudgetExceeded(String reason) {
      super(reason, null, false, false);
    }
  }
}
