package dev.modelgate.observe.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The last {@code capacity} finished traces with their spans, sampled or not, for operators without
 * a tracing backend. A request's trace hands over all its spans at once when it ends, so nothing is
 * held per trace in progress and a request pays one short lock.
 */
public final class RecentTraces {
  private final int capacity;
  private final Deque<RecordedTrace> finished = new ArrayDeque<>();

  RecentTraces(int capacity) {
    this.capacity = capacity;
  }

  /** The newest traces first, at most {@code limit}, that {@code filter} accepts. */
  public synchronized List<RecordedTrace> find(Predicate<RecordedTrace> filter, int limit) {
    List<RecordedTrace> found = new ArrayList<>();
    for (RecordedTrace trace : finished) {
      if (found.size() == limit) {
        break;
      }
      if (filter.test(trace)) {
        found.add(trace);
      }
    }
    return found;
  }

  /** A finished trace. */
  void add(RecordedTrace trace) {
    synchronized (this) {
      finished.addFirst(trace);
      if (finished.size() > capacity) {
        finished.removeLast();
      }
    }
  }
}
