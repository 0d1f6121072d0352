package demo;

/** Integer arithmetic. */
public final class Calculator {

  public int add(int a, int b) {
    return a + b;
  }

  public int subtract(int a, int b) {
    return a - b;
  }

  /** What percentage {@code part} is of {@code whole}, rounded down. */
  public int percent(int part, int whole) {
    return part / whole * 100;
  }
}
