package dev.modelgate.upstream;

import dev.modelgate.error.GatewayException;
import dev.modelgate.error.UpstreamProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.jspecify.annotations.Nullable;

/**
 * An upstream response whose headers have arrived; the body is read as it comes. Reads throw only
 * {@link GatewayException}. Closing before the end of the body aborts the exchange, which closes
 * the upstream connection: that is how a client's cancel reaches the upstream. {@link #close()} may
 * be called from any thread; a read blocked in another thread then fails.
 */
public final class UpstreamResponse implements AutoCloseable {
  private final Request request;
  private final Response response;
  private final InputStream body;
  private final UpstreamWatchdog.Watched watch;
  private final String target;
  private volatile boolean finished;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  UpstreamResponse(
      Request request,
      Response response,
      InputStream body,
      UpstreamWatchdog.Watched watch,
      String target) {
    this.request = request;
    this.response = response;
    this.body = body;
    this.watch = watch;
    this.target = target;
  }

  public int status() {
    return response.getStatus();
  }

  public @Nullable String header(String name) {
    return response.getHeaders().get(name);
  }

  /** Reads up to {@code length} bytes of the body; -1 at its end. */
  public int read(byte[] buffer, int offset, int length) {
    try {
      int n = body.read(buffer, offset, length);
      if (n < 0) {
        finished = true;
      } else {
        watch.activity();
      }
      return n;
    } catch (IOException | CancellationException e) {
      throw UpstreamFailures.map(e, target, watch.expired(), true);
    } catch (GatewayException e) {
      throw e;
    } catch (RuntimeException e) {
      // Jetty reports some protocol failures unchecked; they are upstream faults all the same.
      throw UpstreamFailures.map(e, target, watch.expired(), true);
    }
  }

  /** The whole body, refusing one larger than {@code maxBytes}. */
  public byte[] readAll(int maxBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    byte[] buffer = new byte[8192];
    int n;
    while ((n = read(buffer, 0, buffer.length)) >= 0) {
      out.write(buffer, 0, n);
      if (out.size() > maxBytes) {
        throw new UpstreamProtocol(
            "Upstream " + target + " response exceeds " + maxBytes + " bytes", null);
      }
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    watch.release();
    if (!finished) {
      request.abort(new CancellationException("closed before the end of the upstream response"));
    }
    try {
      body.close();
    } catch (IOException ignored) {
      // Aborted above; nothing more to release.
    }
  }
}
