package dev.modelgate.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Enforces the first-byte and idle-gap timeouts of every open exchange from one daemon thread, so a
 * blocked reader needs no timer of its own. A tick every 50 ms bounds the overshoot.
 */
final class UpstreamWatchdog {
  private static final long TICK_NANOS = 50_000_000L;
  static final UpstreamWatchdog INSTANCE = new UpstreamWatchdog();

  private final Set<Watched> active = ConcurrentHashMap.newKeySet();

  private UpstreamWatchdog() {
    Thread.ofPlatform().daemon().name("modelgate-upstream-watchdog").start(this::run);
  }

  /** Watches one exchange; {@code abort} is called (from the watchdog thread) when it times out. */
  Watched watch(Consumer<Throwable> abort, long firstByteNanos, long idleNanos) {
    Watched watched = new Watched(abort, idleNanos, System.nanoTime() + firstByteNanos);
    active.add(watched);
    return watched;
  }

  private void run() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      for (Watched watched : active) {
        if (now - watched.deadline > 0) {
          watched.expire();
        }
      }
    }
  }

  /** One exchange under watch: its reader moves the deadline on every read. */
  final class Watched {
    private final Consumer<Throwable> abort;
    private final long idleNanos;
    private volatile long deadline;
    private volatile boolean started;
    private volatile boolean expired;

    private Watched(Consumer<Throwable> abort, long idleNanos, long deadline) {
      this.abort = abort;
      this.idleNanos = idleNanos;
      this.deadline = deadline;
    }

    /** The response headers arrived, or more body was read: the idle gap starts again. */
    void activity() {
      started = true;
      deadline = System.nanoTime() + idleNanos;
    }

    /** Only the end of the body is left to read: it must come within {@code nanos}. */
    void endWithin(long nanos) {
      deadline = System.nanoTime() + nanos;
    }

    boolean expired() {
      return expired;
    }

    boolean started() {
      return started;
    }

    void release() {
      active.remove(this);
    }

    private void expire() {
      expired = true;
      active.remove(this);
      abort.accept(
          new TimeoutException(
              started ? "idle timeout between upstream reads" : "first byte timeout"));
    }
  }
}
