package dev.prflow.activities.security;

import java.util.HashMap;
import java.util.Map;

/** Shannon entropy in bits per character: random keys score high, words and patterns low. */
final class Entropy {

  private Entropy() {}

  static double shannon(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    Map<Integer, Integer> counts = new HashMap<>();
    int total = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      counts.merge(cp, 1, Integer::sum);
      total++;
      i += Character.charCount(cp);
    }
    double bits = 0;
    for (int count : counts.values()) {
      double p = (double) count / total;
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }
}
