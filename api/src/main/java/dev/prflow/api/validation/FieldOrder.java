package dev.prflow.api.validation;

import java.util.Comparator;

/**
 * Orders field problems by field name, comparing runs of digits as numbers so that {@code
 * requirements[2]} comes before {@code requirements[10]}.
 */
final class FieldOrder {

  /** Orders by field name only; sorting with it is stable for problems on the same field. */
  static final Comparator<FieldProblem> BY_FIELD = (a, b) -> compare(a.field(), b.field());

  private FieldOrder() {}

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int startA = skipZeros(a, i);
        int startB = skipZeros(b, j);
        int endA = skipDigits(a, startA);
        int endB = skipDigits(b, startB);
        int byLength = Integer.compare(endA - startA, endB - startB);
        if (byLength != 0) {
          return byLength;
        }
        for (int k = 0; k < endA - startA; k++) {
          int byDigit = Character.compare(a.charAt(startA + k), b.charAt(startB + k));
          if (byDigit != 0) {
            return byDigit;
          }
        }
        i = endA;
        j = endB;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int byRest = Integer.compare(a.length() - i, b.length() - j);
    // Numerically equal but differently written ("1" vs "01"): fall back to plain order.
    return byRest != 0 ? byRest : a.compareTo(b);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int skipZeros(String s, int from) {
    int i = from;
    while (i + 1 < s.length() && s.charAt(i) == '0' && isDigit(s.charAt(i + 1))) {
      i++;
    }
    return i;
  }

  private static int skipDigits(String s, int from) {
    int i = from;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
