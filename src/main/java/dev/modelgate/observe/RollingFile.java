package dev.modelgate.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * An append-only file that rolls over by size and by time, keeping a bounded number of rolled
 * files: {@code access.log} is written, {@code access.log.1} is the newest rolled one, and the
 * oldest beyond {@code maxFiles} is deleted. A roll happens only between writes and each call of
 * {@link #write(byte[], int, int)} lands whole in one file, so a writer that hands over whole lines
 * (as {@link AccessLog} does) never has a line split or lost. Used by one writer thread.
 *
 * <p>With {@code compress}, a rolled file is gzipped by a background thread into {@code
 * access.log.1.gz} (written beside as {@code .gz.part} and renamed when whole, so a crash leaves
 * either the plain file or the whole archive); the next roll and {@link #close} wait for it, so a
 * generation is never renamed while it is being read.
 */
public final class RollingFile extends OutputStream {
  private static final Logger LOG = Logger.getLogger(RollingFile.class.getName());
  private static final String GZ = ".gz";
  private final Path path;
  private final AccessLogSettings rotation;
  private final Clock clock;
  private FileChannel channel;
  private long size;
  private long rollAtMillis;
  private @Nullable Thread compressing;

  public RollingFile(Path path, AccessLogSettings rotation, Clock clock) throws IOException {
    this.path = path;
    this.rotation = rotation;
    this.clock = clock;
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // A compression cut short by a crash left its part beside the whole plain file.
    Files.deleteIfExists(rolled(1).resolveSibling(rolled(1).getFileName() + GZ + ".part"));
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
    awaitCompression();
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
    long period = rotation.rotateEvery().toMillis();
    rollAtMillis = period <= 0 ? Long.MAX_VALUE : periodStart(now()) + period;
  }

  /**
   * access.log.(n-1) to .n, ..., access.log to .1; the oldest beyond maxFiles is deleted. A
   * generation is the plain file or its archive (a failed compression leaves the plain one).
   */
  private void shift() throws IOException {
    awaitCompression();
    int keep = rotation.maxFiles();
    Files.deleteIfExists(rolled(Math.max(keep, 1)));
    Files.deleteIfExists(archived(Math.max(keep, 1)));
    for (int i = keep - 1; i >= 1; i--) {
      move(rolled(i), rolled(i + 1));
      move(archived(i), archived(i + 1));
    }
    if (keep > 0 && Files.exists(path)) {
      Files.move(path, rolled(1), StandardCopyOption.REPLACE_EXISTING);
      if (rotation.compress()) {
        Path plain = rolled(1);
        compressing = Thread.ofVirtual().name("access-log-gzip").start(() -> compress(plain));
      }
    } else {
      Files.deleteIfExists(path);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    if (Files.exists(from)) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void compress(Path plain) {
    Path archive = plain.resolveSibling(plain.getFileName() + GZ);
    Path part = plain.resolveSibling(plain.getFileName() + GZ + ".part");
    try {
      try (InputStream in = Files.newInputStream(plain);
          OutputStream out = new GZIPOutputStream(Files.newOutputStream(part), 64 * 1024)) {
        in.transferTo(out);
      }
      Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING);
      Files.delete(plain);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot compress " + plain + "; it stays uncompressed", e);
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // the partial archive is left; the plain file is whole
      }
    }
  }

  private void awaitCompression() {
    Thread running = compressing;
    if (running == null) {
      return;
    }
    compressing = null;
    try {
      running.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path rolled(int generation) {
    return path.resolveSibling(path.getFileName() + "." + generation);
  }

  private Path archived(int generation) {
    return path.resolveSibling(path.getFileName() + "." + generation + GZ);
  }

  private long periodStart(long millis) {
    Duration every = rotation.rotateEvery();
    return every.isZero() ? Long.MIN_VALUE : millis - Math.floorMod(millis, every.toMillis());
  }

  private long now() {
    return clock.millis();
  }
}
