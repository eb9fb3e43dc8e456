package dev.modelgate.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;

/**
 * An append-only file that rolls over by size and by time, keeping a bounded number of rolled
 * files: {@code access.log} is written, {@code access.log.1} is the newest rolled one, and the
 * oldest beyond {@code maxFiles} is deleted. A roll happens only between writes and each call of
 * {@link #write(byte[], int, int)} lands whole in one file, so a writer that hands over whole lines
 * (as {@link AccessLog} does) never has a line split or lost. Used by one writer thread.
 */
public final class RollingFile extends OutputStream {
  private final Path path;
  private final AccessLogSettings rotation;
  private final Clock clock;
  private FileChannel channel;
  private long size;
  private long rollAtMillis;

  public RollingFile(Path path, AccessLogSettings rotation, Clock clock) throws IOException {
    this.path = path;
    this.rotation = rotation;
    this.clock = clock;
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // A file left from an earlier period is rolled first, so one file never spans two periods.
    if (Files.exists(path)
        && periodStart(Files.getLastModifiedTime(path).toMillis()) < periodStart(now())) {
      shift();
    }
    open();
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    boolean full = rotation.maxBytes() > 0 && size > 0 && size + length > rotation.maxBytes();
    if (full || now() >= rollAtMillis) {
      channel.close();
      shift();
      open();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    while (buffer.hasRemaining()) {
      size += channel.write(buffer);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
    long period = rotation.rotateEvery().toMillis();
    rollAtMillis = period <= 0 ? Long.MAX_VALUE : periodStart(now()) + period;
  }

  /** access.log.(n-1) to .n, ..., access.log to .1; the oldest beyond maxFiles is deleted. */
  private void shift() throws IOException {
    int keep = rotation.maxFiles();
    Files.deleteIfExists(rolled(Math.max(keep, 1)));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(rolled(i))) {
        Files.move(rolled(i), rolled(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (keep > 0 && Files.exists(path)) {
      Files.move(path, rolled(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.deleteIfExists(path);
    }
  }

  private Path rolled(int generation) {
    return path.resolveSibling(path.getFileName() + "." + generation);
  }

  private long periodStart(long millis) {
    Duration every = rotation.rotateEvery();
    return every.isZero() ? Long.MIN_VALUE : millis - Math.floorMod(millis, every.toMillis());
  }

  private long now() {
    return clock.millis();
  }
}
