package dev.prflow.activities.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects what a scan could not look at, capped so a hostile diff cannot bloat the result. */
final class Skipped {

  private final int max;
  private final Set<String> entries = new LinkedHashSet<>();
  private int dropped;

  Skipped(int max) {
    this.max = max;
  }

  void add(String entry) {
    if (entries.contains(entry)) {
      return;
    }
    if (entries.size() < max) {
      entries.add(entry);
    } else {
      dropped++;
    }
  }

  List<String> toList() {
    List<String> list = new ArrayList<>(entries);
    if (dropped > 0) {
      list.add("… and " + dropped + " more skipped items");
    }
    return list;
  }
}
