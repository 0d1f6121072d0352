package dev.prflow.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text-format scrape, read into samples for assertions. */
record Scrape(String text) {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Every sample name in the scrape. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    text.lines()
        .forEach(
            line -> {
              Matcher m = SAMPLE.matcher(line);
              if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
              }
            });
    return names;
  }

  /** The sum of the samples named {@code name} that carry every label given. */
  double sum(String name, String... labelPairs) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      wanted.put(labelPairs[i], labelPairs[i + 1]);
    }
    double total = 0;
    for (String line : text.lines().toList()) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      if (labels.entrySet().containsAll(wanted.entrySet())) {
        total += Double.parseDouble(m.group(4));
      }
    }
    return total;
  }

  /** The values a label takes on samples named {@code name}. */
  Set<String> labelValues(String name, String label) {
    Set<String> values = new TreeSet<>();
    for (String line : text.lines().toList()) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find() || !m.group(1).equals(name) || m.group(3) == null) {
        continue;
      }
      Matcher l = LABEL.matcher(m.group(3));
      while (l.find()) {
        if (l.group(1).equals(label)) {
          values.add(l.group(2));
        }
      }
    }
    return values;
  }
}
