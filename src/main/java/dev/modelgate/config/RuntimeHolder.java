package dev.modelgate.config;

import java.util.concurrent.atomic.AtomicReference;

/** The current snapshot, swapped atomically; readers take it once per request. */
public final class RuntimeHolder {
  private final AtomicReference<Runtime> current;

  public RuntimeHolder(Runtime initial) {
    this.current = new AtomicReference<>(initial);
  }

  public Runtime get() {
    return current.get();
  }

  /** Installs a new snapshot and returns the one it replaced. */
  public Runtime swap(Runtime next) {
    return current.getAndSet(next);
  }
}
