package dev.modelgate.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.jspecify.annotations.Nullable;

/** A response read through Jetty's client (HTTP/2-capable transport). */
final class JettyResponse implements UpstreamResponse {
  private final Request request;
  private final Response response;
  private final InputStream body;
  private final UpstreamWatchdog.Watched watch;
  private final String target;
  private volatile boolean finished;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  JettyResponse(
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

  @Override
  public int status() {
    return response.getStatus();
  }

  @Override
  public @Nullable String header(String name) {
    return response.getHeaders().get(name);
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    int n = UpstreamFailures.readBody(body, buffer, offset, length, watch, target);
    if (n < 0) {
      finished = true;
    }
    return n;
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
