package dev.modelgate.usage;

import dev.modelgate.store.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A durable, append-only spool of usage records in a directory: numbered segment files of framed
 * records (length, CRC-32, JSON). One writer thread writes whatever is queued with one write for
 * the whole group, so a record survives a crash of the gateway's process as soon as its group is
 * written, and forces the segment to disk at most once per sync interval (every group when the
 * interval is zero), so a crash of the machine loses at most that interval. An fsync per group cost
 * about a tenth of a core at a few thousand calls a second. The queue is bounded; a full queue
 * makes callers wait.
 *
 * <p>{@link #seal} closes the segment being written so that the drainer may read it; a segment is
 * deleted only after its records are in the database. A torn last frame (a crash mid-write, never
 * acknowledged) ends a segment's records when it is read.
 */
public final class UsageSpool implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UsageSpool.class.getName());
  static final String SUFFIX = ".spool";
  private static final int QUEUE = 8192;
  private static final Duration LINGER = Duration.ofMillis(2);
  private static final int MAX_HELD = 4;
  private static final int MAX_HELD_RECORDS = 20_000; // about 10 MiB of records

  private final Path dir;
  private final long syncIntervalNanos;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
  private final ReentrantLock lock = new ReentrantLock();
  private final Thread writer;
  private long segmentNumber;
  private FileChannel segment;
  private long segmentBytes;
  private boolean unsynced;
  // What this run wrote to its segments, kept until the drainer takes it, so that the drainer need
  // not read and parse back what it could be handed. Bounded: a few sealed segments and a number
  // of records at most (a drainer that cannot keep up, or a database outage, reads the rest from
  // disk); a segment whose records did not all fit is not held at all.
  private final int maxHeldRecords;
  private List<UsageRecord> written = new ArrayList<>();
  private boolean writtenComplete = true;
  private int heldRecords;
  private final TreeMap<Long, List<UsageRecord>> held = new TreeMap<>();
  private long lastSync = System.nanoTime();
  private volatile boolean closed;

  private record Pending(
      UsageRecord record, byte[] frame, CompletableFuture<@Nullable Void> done) {}

  private UsageSpool(Path dir, long firstNumber, Duration syncInterval, int maxHeldRecords)
      throws IOException {
    this.dir = dir;
    this.maxHeldRecords = maxHeldRecords;
    this.syncIntervalNanos = syncInterval.toNanos();
    this.segmentNumber = firstNumber;
    this.segment = openSegment(firstNumber);
    this.writer = Thread.ofPlatform().daemon().name("modelgate-usage-spool").start(this::write);
  }

  /**
   * Opens the spool in {@code dir} forcing every group to disk (see {@link #open(Path, Duration)}).
   */
  public static UsageSpool open(Path dir) {
    return open(dir, Duration.ZERO);
  }

  /**
   * Opens the spool in {@code dir} (made if missing), forcing what was written to disk at most once
   * per {@code syncInterval}. Segments left by an earlier run stay sealed for the drainer; this run
   * writes a new one.
   */
  public static UsageSpool open(Path dir, Duration syncInterval) {
    return open(dir, syncInterval, MAX_HELD_RECORDS);
  }

  /** As {@link #open(Path, Duration)}, holding at most {@code maxHeldRecords} for the drainer. */
  static UsageSpool open(Path dir, Duration syncInterval, int maxHeldRecords) {
    try {
      Files.createDirectories(dir);
      long next = 1;
      for (Path existing : segments(dir)) {
        next = Math.max(next, number(existing) + 1);
      }
      return new UsageSpool(dir, next, syncInterval, maxHeldRecords);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the usage spool in " + dir, e);
    }
  }

  /**
   * Appends {@code record} and returns when it is written (forced to disk within the sync
   * interval); throws if it could not be written.
   */
  public void append(UsageRecord record) {
    try {
      submit(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while spooling a usage record", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new UncheckedIOException(
          "cannot spool a usage record: " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
  }

  /**
   * Queues {@code record} for the writer and returns at once (waiting only while the queue is
   * full); the future completes when the record is written, or fails when it could not be. Closing
   * the spool writes everything queued first.
   */
  public CompletableFuture<@Nullable Void> submit(UsageRecord record) {
    if (closed) {
      throw new IllegalStateException("the usage spool is closed");
    }
    Pending pending = new Pending(record, SpoolFrames.frame(record), new CompletableFuture<>());
    try {
      queue.put(pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while spooling a usage record", e);
    }
    return pending.done();
  }

  private void write() {
    List<Pending> group = new ArrayList<>();
    long pollNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(100), Math.max(1, syncIntervalNanos));
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(pollNanos, TimeUnit.NANOSECONDS);
        if (first != null) {
          if (syncIntervalNanos > 0) {
            // Let a group gather: callers then queue without waking this thread, and one write
            // takes many records (waking it per record cost more than the write).
            Thread.sleep(LINGER);
          }
          group.add(first);
          queue.drainTo(group, 1023);
          writeGroup(group);
        }
        syncIfDue(false);
      } catch (InterruptedException e) {
        return;
      } finally {
        group.clear();
      }
    }
  }

  private void syncIfDue(boolean now) {
    lock.lock();
    try {
      if (unsynced && (now || System.nanoTime() - lastSync >= syncIntervalNanos)) {
        segment.force(false);
        unsynced = false;
        lastSync = System.nanoTime();
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot force the usage spool to disk: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Keeps a written group for the drainer if the bound allows; called holding the lock. */
  private void hold(List<Pending> group) {
    if (!writtenComplete) {
      return;
    }
    if (heldRecords + group.size() > maxHeldRecords) {
      writtenComplete = false; // this segment will be read from disk; what it held is let go
      heldRecords -= written.size();
      written = new ArrayList<>();
      return;
    }
    group.forEach(pending -> written.add(pending.record()));
    heldRecords += group.size();
  }

  private void writeGroup(List<Pending> group) {
    int size = 0;
    for (Pending pending : group) {
      size += pending.frame().length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(size);
    group.forEach(pending -> buffer.put(pending.frame()));
    buffer.flip();
    lock.lock();
    try {
      while (buffer.hasRemaining()) {
        segment.write(buffer);
      }
      segmentBytes += size;
      unsynced = true;
      hold(group);
      if (syncIntervalNanos == 0) {
        segment.force(false); // before the futures complete: "written" means "on disk" here
        unsynced = false;
      }
      group.forEach(pending -> pending.done().complete(null));
    } catch (IOException | RuntimeException e) {
      group.forEach(pending -> pending.done().completeExceptionally(e));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the segment being written if it holds anything (a new one takes its place) and returns
   * every sealed segment, oldest first.
   */
  public List<Path> seal() {
    lock.lock();
    try {
      if (closed) {
        return segments(dir); // nothing is written any more: every segment is sealed
      }
      if (segmentBytes > 0) {
        syncIfDue(true);
        segment.close();
        if (writtenComplete) {
          held.put(segmentNumber, written);
        } else {
          heldRecords -= written.size();
        }
        written = new ArrayList<>();
        writtenComplete = true;
        while (held.size() > MAX_HELD) {
          heldRecords -= held.pollFirstEntry().getValue().size();
        }
        segmentNumber++;
        segment = openSegment(segmentNumber);
        segmentBytes = 0;
      }
      List<Path> sealed = new ArrayList<>();
      for (Path path : segments(dir)) {
        if (number(path) < segmentNumber) {
          sealed.add(path);
        }
      }
      return sealed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot seal a usage spool segment in " + dir, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The records of a sealed segment: handed over from memory when this run wrote it (once),
   * otherwise read from disk.
   */
  public List<UsageRecord> records(Path segment) {
    lock.lock();
    List<UsageRecord> kept;
    try {
      kept = held.remove(number(segment));
      if (kept != null) {
        heldRecords -= kept.size();
      }
    } finally {
      lock.unlock();
    }
    return kept != null ? kept : read(segment);
  }

  /** The records of a sealed segment, up to a torn or corrupt frame if there is one. */
  public static List<UsageRecord> read(Path segment) {
    try {
      return SpoolFrames.read(Files.readAllBytes(segment));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read usage spool segment " + segment, e);
    }
  }

  /** Deletes a sealed segment whose records are stored. */
  public void delete(Path segment) {
    try {
      Files.deleteIfExists(segment);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete usage spool segment " + segment, e);
    }
  }

  public Path directory() {
    return dir;
  }

  private FileChannel openSegment(long number) throws IOException {
    Path path = dir.resolve("usage-%016d%s".formatted(number, SUFFIX));
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // The new file's directory entry must survive a crash too.
    forceDirectory();
    return channel;
  }

  private void forceDirectory() {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be opened; the data itself is still forced.
    }
  }

  private static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(path -> path.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
  }

  private static long number(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring("usage-".length(), name.length() - SUFFIX.length()));
  }

  /** Writes what is queued, then closes the segment being written. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending late;
    while ((late = queue.poll()) != null) {
      late.done().completeExceptionally(new IOException("the usage spool closed"));
    }
    lock.lock();
    try {
      syncIfDue(true);
      segment.close();
    } catch (IOException e) {
      // what it holds was forced just before
    } finally {
      lock.unlock();
    }
  }
}
