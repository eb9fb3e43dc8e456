package dev.modelgate.usage;

import dev.modelgate.store.UsageRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves spooled records to the database: seals the spool's segment, writes each sealed segment in
 * batches, and deletes a segment only once all its batches committed. The database writes are
 * idempotent by record id, so a crash between a commit and the delete writes nothing twice. While
 * the database fails, segments stay and the drainer retries, waiting longer each time (up to 10 s);
 * the outage and the recovery are logged once each.
 */
public final class SpoolDrainer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SpoolDrainer.class.getName());
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final UsageSpool spool;
  private final Consumer<List<UsageRecord>> database;
  private final Duration interval;
  private final int batchSize;
  private final AtomicLong written = new AtomicLong();
  private final Object wake = new Object();
  private volatile boolean running = true;
  private volatile boolean failing;
  private Thread thread;

  public SpoolDrainer(
      UsageSpool spool, Consumer<List<UsageRecord>> database, Duration interval, int batchSize) {
    this.spool = spool;
    this.database = database;
    this.interval = interval;
    this.batchSize = batchSize;
    this.thread = Thread.ofPlatform().unstarted(() -> {});
  }

  /** Starts draining every {@code interval} on a thread of its own. */
  public SpoolDrainer start() {
    thread = Thread.ofPlatform().daemon().name("modelgate-usage-drainer").start(this::run);
    return this;
  }

  /**
   * Drains every sealed segment now; throws when the database fails (what was written stays
   * written, the rest stays spooled).
   */
  public void drainOnce() {
    for (Path segment : spool.seal()) {
      List<UsageRecord> records = spool.records(segment);
      for (int from = 0; from < records.size(); from += batchSize) {
        List<UsageRecord> batch = records.subList(from, Math.min(records.size(), from + batchSize));
        database.accept(batch);
        written.addAndGet(batch.size());
      }
      spool.delete(segment);
    }
  }

  /** Records written to the database by this drainer (a written-again record counts again). */
  public long written() {
    return written.get();
  }

  /** Whether the latest attempt failed (the database is unreachable or refuses the batch). */
  public boolean failing() {
    return failing;
  }

  /** Asks for a drain now instead of at the next interval. */
  public void wakeUp() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void run() {
    Duration wait = interval;
    while (running) {
      try {
        drainOnce();
        if (failing) {
          LOG.info("usage records are reaching the database again");
          failing = false;
        }
        wait = interval;
      } catch (RuntimeException e) {
        if (!failing) {
          LOG.log(
              Level.WARNING,
              "cannot write usage records to the database; they wait in the spool at "
                  + spool.directory()
                  + ": "
                  + e.getMessage());
          failing = true;
        }
        wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
      }
      pause(wait);
    }
  }

  private void pause(Duration wait) {
    synchronized (wake) {
      if (!running) {
        return;
      }
      try {
        wake.wait(Math.max(1, wait.toMillis()));
      } catch (InterruptedException e) {
        running = false;
      }
    }
  }

  /** Stops the thread and makes one last attempt; what cannot be written waits in the spool. */
  @Override
  public void close() {
    running = false;
    wakeUp();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      drainOnce();
    } catch (RuntimeException e) {
      LOG.info("usage records left in the spool for the next start: " + e.getMessage());
    }
  }
}
