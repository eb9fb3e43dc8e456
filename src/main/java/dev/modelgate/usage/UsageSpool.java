package dev.modelgate.usage;

import dev.modelgate.store.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A durable, append-only spool of usage records in a directory: numbered segment files of framed
 * records (length, CRC-32, JSON). {@link #append} returns once the record is on disk: one writer
 * thread writes whatever is queued and forces it to disk with one fsync for the whole group, so
 * concurrent callers share the cost. The queue is bounded; a full queue makes callers wait.
 *
 * <p>{@link #seal} closes the segment being written so that the drainer may read it; a segment is
 * deleted only after its records are in the database. A torn last frame (a crash mid-write, never
 * acknowledged) ends a segment's records when it is read.
 */
public final class UsageSpool implements AutoCloseable {
  static final String SUFFIX = ".spool";
  private static final int QUEUE = 8192;

  private final Path dir;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
  private final ReentrantLock lock = new ReentrantLock();
  private final Thread writer;
  private long segmentNumber;
  private FileChannel segment;
  private long segmentBytes;
  private volatile boolean closed;

  private record Pending(byte[] frame, CompletableFuture<@Nullable Void> done) {}

  private UsageSpool(Path dir, long firstNumber) throws IOException {
    this.dir = dir;
    this.segmentNumber = firstNumber;
    this.segment = openSegment(firstNumber);
    this.writer = Thread.ofPlatform().daemon().name("modelgate-usage-spool").start(this::write);
  }

  /**
   * Opens the spool in {@code dir} (made if missing). Segments left by an earlier run stay sealed
   * for the drainer; this run writes a new one.
   */
  public static UsageSpool open(Path dir) {
    try {
      Files.createDirectories(dir);
      long next = 1;
      for (Path existing : segments(dir)) {
        next = Math.max(next, number(existing) + 1);
      }
      return new UsageSpool(dir, next);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the usage spool in " + dir, e);
    }
  }

  /** Appends {@code record} and returns when it is on disk; throws if it could not be written. */
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
   * full); the future completes when the record is on disk, or fails when it could not be written.
   * Closing the spool writes everything queued first.
   */
  public CompletableFuture<@Nullable Void> submit(UsageRecord record) {
    if (closed) {
      throw new IllegalStateException("the usage spool is closed");
    }
    Pending pending = new Pending(SpoolFrames.frame(record), new CompletableFuture<>());
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
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, 1023);
        writeGroup(group);
      } catch (InterruptedException e) {
        return;
      } finally {
        group.clear();
      }
    }
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
      segment.force(false);
      segmentBytes += size;
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
        segment.close();
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
      segment.close();
    } catch (IOException e) {
      // its records were forced as they were written
    } finally {
      lock.unlock();
    }
  }
}
