package dev.modelgate;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Run in a child JVM that sees one CPU: two virtual threads keep waking each other (as request
 * threads woken by socket reads keep the carrier's own queue full), while a third sleeps 10 ms (a
 * timer wakes it from outside the scheduler, as the master poller and the timed socket reads do).
 * Prints how long the sleeper took to run again. Argument {@code gateway}: the carriers as {@link
 * Main} sets them; {@code jdk}: the JDK's default.
 */
final class CarrierProbe {
  private static final long BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(3000);

  private CarrierProbe() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("gateway")) {
      Main.atLeastTwoCarriers(Runtime.getRuntime().availableProcessors());
    }
    AtomicBoolean running = new AtomicBoolean(true);
    Thread[] pair = new Thread[2];
    for (int i = 0; i < 2; i++) {
      int other = 1 - i;
      pair[i] =
          Thread.ofVirtual()
              .unstarted(
                  () -> {
                    while (running.get()) {
                      LockSupport.unpark(pair[other]);
                      LockSupport.park();
                    }
                    LockSupport.unpark(pair[other]);
                  });
    }
    pair[0].start();
    pair[1].start();
    long[] woke = new long[1];
    long slept = System.nanoTime();
    Thread sleeper =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  woke[0] = System.nanoTime();
                });
    // The pair stops after BUSY_NANOS at the latest: a starved sleeper runs then.
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(BUSY_NANOS));
    running.set(false);
    sleeper.join();
    pair[0].join();
    pair[1].join();
    System.out.println("woke after ms " + TimeUnit.NANOSECONDS.toMillis(woke[0] - slept));
  }
}
