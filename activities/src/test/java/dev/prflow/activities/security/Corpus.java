package dev.prflow.activities.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The labelled corpus under {@code security/corpus/}: synthetic secrets and look-alikes. */
final class Corpus {

  /** One labelled line. */
  record Item(String id, String type, String file, String line, boolean secret) {
    FileDiff asDiff() {
      return new FileDiff(
          file,
          file,
          FileDiff.ChangeType.MODIFIED,
          false,
          List.of(new DiffLine(1, line)),
          List.of(),
          0);
    }
  }

  /** Counts on the corpus; recall and precision as usual. */
  record Score(
      int truePositives,
      int falseNegatives,
      int falsePositives,
      int trueNegatives,
      List<String> missed,
      List<String> falseAlarms) {
    double recall() {
      return (double) truePositives / (truePositives + falseNegatives);
    }

    double precision() {
      int flagged = truePositives + falsePositives;
      return flagged == 0 ? 1.0 : (double) truePositives / flagged;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Corpus() {}

  static List<Item> positives() {
    return read("/security/corpus/positives.jsonl", true);
  }

  static List<Item> negatives() {
    return read("/security/corpus/negatives.jsonl", false);
  }

  static List<Item> all() {
    List<Item> items = new ArrayList<>(positives());
    items.addAll(negatives());
    return items;
  }

  /** Each item is scanned as its own one-line diff; any secret finding flags it. */
  static Score score(SecurityScanner scanner) {
    int tp = 0;
    int fn = 0;
    int fp = 0;
    int tn = 0;
    List<String> missed = new ArrayList<>();
    List<String> alarms = new ArrayList<>();
    for (Item item : all()) {
      boolean flagged =
          !scanner.scan(List.of(item.asDiff()), ManifestSource.none()).secrets().isEmpty();
      if (item.secret()) {
        if (flagged) {
          tp++;
        } else {
          fn++;
          missed.add(item.id() + " " + item.type() + " " + item.file());
        }
      } else if (flagged) {
        fp++;
        alarms.add(item.id() + " " + item.type() + " " + item.file());
      } else {
        tn++;
      }
    }
    return new Score(tp, fn, fp, tn, missed, alarms);
  }

  private static List<Item> read(String resource, boolean secret) {
    List<Item> items = new ArrayList<>();
    try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String raw;
      while ((raw = reader.readLine()) != null) {
        if (raw.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(raw);
        items.add(
            new Item(
                node.get("id").asText(),
                node.get("type").asText(),
                node.get("file").asText(),
                node.get("line").asText(),
                secret));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return items;
  }
}
