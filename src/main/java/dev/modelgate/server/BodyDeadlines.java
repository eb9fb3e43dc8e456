package dev.modelgate.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds how long a request's body may take to arrive ({@code server.body_timeout}), so a client
 * that sends its headers and then trickles or withholds the body cannot hold a connection and its
 * thread for ever. A reader past its deadline is interrupted, which ends its blocked socket read
 * (and closes the connection); one daemon thread ticking every 100 ms watches every reader.
 */
final class BodyDeadlines {
  private static final long TICK_NANOS = 100_000_000L;
  static final BodyDeadlines INSTANCE = new BodyDeadlines();

  private final Set<Reading> active = ConcurrentHashMap.newKeySet();

  private BodyDeadlines() {
    Thread.ofPlatform().daemon().name("modelgate-body-deadlines").start(this::run);
  }

  /** The calling thread starts reading a body that must be whole within {@code timeout}. */
  Reading start(Duration timeout) {
    Reading reading = new Reading(Thread.currentThread(), System.nanoTime() + timeout.toNanos());
    active.add(reading);
    return reading;
  }

  private void run() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      for (Reading reading : active) {
        if (now - reading.deadline > 0) {
          reading.expire();
        }
      }
    }
  }

  /** One body being read; {@link #finish} must be called by its reader, whatever happened. */
  final class Reading {
    private static final int READING = 0;
    private static final int DONE = 1;
    private static final int EXPIRING = 2;
    private static final int EXPIRED = 3;

    private final Thread reader;
    private final long deadline;
    private final AtomicInteger state = new AtomicInteger(READING);

    private Reading(Thread reader, long deadline) {
      this.reader = reader;
      this.deadline = deadline;
    }

    /**
     * The reader is done with the body: true if in time; false if the deadline passed first, when
     * the reader was (or is being) interrupted; the interrupt is cleared before this returns, so it
     * cannot hit whatever the thread does next.
     */
    boolean finish() {
      active.remove(this);
      if (state.compareAndSet(READING, DONE)) {
        return true;
      }
      while (state.get() == EXPIRING) {
        Thread.onSpinWait();
      }
      Thread.interrupted();
      return false;
    }

    private void expire() {
      active.remove(this);
      if (state.compareAndSet(READING, EXPIRING)) {
        reader.interrupt();
        state.set(EXPIRED);
      }
    }
  }
}
