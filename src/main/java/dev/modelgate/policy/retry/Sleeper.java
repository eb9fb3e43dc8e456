package dev.modelgate.policy.retry;

import java.time.Duration;

/** Waits between attempts; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL = Thread::sleep;
}
