package dev.prflow.activities.github;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A small thread-safe least-recently-used cache bounded by the total weight of its values (a count
 * when every value weighs 1). A value heavier than the bound is not kept.
 */
final class LruCache<K, V> {

  private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final long maxWeight;
  private final ToLongFunction<V> weigher;
  private long weight;

  LruCache(long maxWeight, ToLongFunction<V> weigher) {
    this.maxWeight = maxWeight;
    this.weigher = weigher;
  }

  synchronized V get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, V value) {
    long w = weigher.applyAsLong(value);
    if (w > maxWeight) {
      return;
    }
    V previous = entries.put(key, value);
    if (previous != null) {
      weight -= weigher.applyAsLong(previous);
    }
    weight += w;
    Iterator<Map.Entry<K, V>> oldest = entries.entrySet().iterator();
    while (weight > maxWeight && oldest.hasNext()) {
      Map.Entry<K, V> evicted = oldest.next();
      weight -= weigher.applyAsLong(evicted.getValue());
      oldest.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
