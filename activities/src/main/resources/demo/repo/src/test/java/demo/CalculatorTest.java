package demo;

import java.util.ArrayList;
import java.util.List;

/** A dependency-free test runner: each check prints PASS or FAIL; any failure exits 1. */
public final class CalculatorTest {

  private static final List<String> failures = new ArrayList<>();
  private static int run;

  static void check(String name, int expected, int actual) {
    run++;
    if (expected == actual) {
      System.out.println("PASS " + name);
    } else {
      System.out.println("FAIL " + name + ": expected " + expected + " but was " + actual);
      failures.add(name);
    }
  }

  public static void main(String[] args) {
    Calculator c = new Calculator();
    check("addsTwoNumbers", 5, c.add(2, 3));
    check("subtractsTwoNumbers", -1, c.subtract(2, 3));
    System.out.println(run + " tests, " + failures.size() + " failures");
    if (!failures.isEmpty()) {
      System.exit(1);
    }
  }
}
