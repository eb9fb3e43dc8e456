package dev.modelgate.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.jspecify.annotations.Nullable;

/**
 * A response read through {@link ApacheTransport}: the body is the socket, read on the caller's
 * thread.
 */
final class ApacheResponse implements UpstreamResponse {
  private static final int TAIL_BYTES = 4096;
  private static final long TAIL_NANOS = 100_000_000L;

  private final HttpUriRequestBase exchange;
  private final ClassicHttpResponse response;
  private final InputStream body;
  private final UpstreamWatchdog.Watched watch;
  private final Semaphore admission;
  private final String target;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean finished;

  ApacheResponse(
      HttpUriRequestBase exchange,
      ClassicHttpResponse response,
      InputStream body,
      UpstreamWatchdog.Watched watch,
      Semaphore admission,
      String target) {
    this.exchange = exchange;
    this.response = response;
    this.body = body;
    this.watch = watch;
    this.admission = admission;
    this.target = target;
  }

  @Override
  public int status() {
    return response.getCode();
  }

  @Override
  public @Nullable String header(String name) {
    Header header = response.getFirstHeader(name);
    return header == null ? null : header.getValue();
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    int n = UpstreamFailures.readBody(body, buffer, offset, length, watch, target);
    if (n < 0) {
      finished = true;
    }
    return n;
  }

  /**
   * Reads the rest of the body, at most {@link #TAIL_BYTES} and for at most {@link #TAIL_NANOS}
   * (the watchdog aborts a longer wait), so that Apache sees its end and pools the connection: left
   * unread, the connection was discarded, and every stream opened a new one (a connect and ~40 KiB
   * of buffers a stream, which lived as long as the stream and filled the old generation).
   */
  @Override
  public void closeAtEnd() {
    if (!closed.get() && !finished) {
      watch.endWithin(TAIL_NANOS);
      byte[] tail = new byte[256];
      int total = 0;
      try {
        while (total <= TAIL_BYTES) {
          int n = body.read(tail);
          if (n < 0) {
            finished = true;
            break;
          }
          total += n;
        }
      } catch (IOException | RuntimeException e) {
        // Cut or aborted: close() discards the connection.
      }
    }
    close();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    watch.release();
    if (!finished) {
      // Unread body: the connection cannot be reused, and closing it tells the upstream to stop.
      exchange.cancel();
    }
    try {
      response.close();
    } catch (IOException | RuntimeException e) {
      // The connection is discarded either way.
    } finally {
      admission.release();
    }
  }
}
