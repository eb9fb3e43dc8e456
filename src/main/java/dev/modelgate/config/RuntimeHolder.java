package dev.modelgate.config;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The current snapshot, swapped atomically; readers take it once per request. */
public final class RuntimeHolder {
  private final AtomicReference<Runtime> current;
  private final Consumer<Runtime> onInstall;

  public RuntimeHolder(Runtime initial) {
    this(initial, runtime -> {});
  }

  /** {@code onInstall} is told of the initial snapshot and of every one swapped in. */
  public RuntimeHolder(Runtime initial, Consumer<Runtime> onInstall) {
    this.current = new AtomicReference<>(initial);
    this.onInstall = onInstall;
    onInstall.accept(initial);
  }

  public Runtime get() {
    return current.get();
  }

  /** Installs a new snapshot and returns the one it replaced. */
  public Runtime swap(Runtime next) {
    Runtime previous = current.getAndSet(next);
    onInstall.accept(next);
    return previous;
  }
}
