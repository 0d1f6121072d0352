package dev.prflow.bench;

/** Free text for docs/PERFORMANCE.md under a figure's table row, printed as NOTE lines. */
final class Notes {
  static final String PREFIX = "NOTE\t";

  private Notes() {}

  static void print(String figure, String text) {
    for (String line : text.split("\n", -1)) {
      System.out.println(PREFIX + figure + "\t" + line);
    }
    System.out.flush();
  }
}
