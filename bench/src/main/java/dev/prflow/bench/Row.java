package dev.prflow.bench;

import java.util.Locale;

/**
 * One figure of the table: its value, the baseline measured in the same run, their ratio, the goal
 * and whether it is met. Printed by the drivers as a tab-separated {@code ROW} line for bench/run.
 */
record Row(
    String figure, String value, String baseline, String ratio, String goal, String verdict) {

  static final String PREFIX = "ROW\t";

  String line() {
    return PREFIX + String.join("\t", figure, value, baseline, ratio, goal, verdict);
  }

  static Row parse(String line) {
    String[] f = line.substring(PREFIX.length()).split("\t", -1);
    return new Row(f[0], f[1], f[2], f[3], f[4], f[5]);
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : Math.abs(v) >= 10
            ? String.format(Locale.ROOT, "%.1f", v)
            : String.format(Locale.ROOT, "%.2f", v);
  }

  static String ratio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : num(v) + "×";
  }

  static String verdict(boolean pass) {
    return pass ? "pass" : "FAIL";
  }

  void print() {
    System.out.println(line());
    System.out.flush();
  }
}
