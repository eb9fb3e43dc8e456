package dev.modelgate.server;

import dev.modelgate.model.ChunkStream;
import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Writes server-sent events to one client, flushing each the moment it is written. While the
 * upstream is quiet it sends a comment line every {@code keepAlive}, so a client that went away is
 * noticed (the write fails) and the upstream request is cancelled within that interval. A failed
 * write means the client is gone: the upstream stream is closed and {@link ClientGone} thrown.
 */
public final class SseRelay implements AutoCloseable {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  /** The client closed its connection. */
  public static final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super("client disconnected", cause, false, false);
    }
  }

  private final OutputStream out;
  private final ChunkStream upstream;
  private final ReentrantLock lock = new ReentrantLock();
  private final @Nullable Thread heartbeat;
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile boolean closed;

  public SseRelay(OutputStream out, ChunkStream upstream, Duration keepAlive) {
    this.out = out;
    this.upstream = upstream;
    this.heartbeat =
        keepAlive.isZero()
            ? null
            : Thread.ofVirtual().name("sse-keepalive").start(() -> beat(keepAlive.toNanos()));
  }

  public void event(@Nullable String name, byte[] data) {
    lock.lock();
    try {
      if (name != null) {
        out.write(EVENT);
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.write(NEWLINE);
      }
      out.write(DATA);
      out.write(data);
      out.write(END);
      out.flush();
      lastWriteNanos = System.nanoTime();
    } catch (IOException | UncheckedIOException | CloseConnectionException e) {
      gone(e);
    } finally {
      lock.unlock();
    }
  }

  private void beat(long intervalNanos) {
    while (!closed) {
      long idle = System.nanoTime() - lastWriteNanos;
      if (idle >= intervalNanos) {
        lock.lock();
        try {
          if (closed) {
            return;
          }
          out.write(KEEP_ALIVE);
          out.flush();
          lastWriteNanos = System.nanoTime();
        } catch (IOException
            | UncheckedIOException
            | CloseConnectionException
            | IllegalStateException e) {
          closed = true;
          upstream.close();
          return;
        } finally {
          lock.unlock();
        }
        idle = 0;
      }
      try {
        Thread.sleep(Duration.ofNanos(Math.max(intervalNanos - idle, 1_000_000)));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void gone(Exception e) {
    closed = true;
    upstream.close();
    throw new ClientGone(e);
  }

  @Override
  public void close() {
    closed = true;
    if (heartbeat != null) {
      heartbeat.interrupt();
    }
    lock.lock();
    try {
      out.close();
    } catch (IOException | UncheckedIOException | CloseConnectionException e) {
      // The client is gone already; nothing is left to flush.
    } finally {
      lock.unlock();
    }
  }
}
