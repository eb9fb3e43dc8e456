package dev.modelgate.upstream;

import dev.modelgate.error.UpstreamProtocol;
import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * An upstream response whose headers have arrived; the body is read as it comes. Reads throw only
 * {@link dev.modelgate.error.GatewayException}. Closing before the end of the body aborts the
 * exchange, which closes the upstream connection: that is how a client's cancel reaches the
 * upstream. {@link #close()} may be called from any thread; a read blocked in another thread then
 * fails.
 */
public interface UpstreamResponse extends AutoCloseable {
  int status();

  @Nullable String header(String name);

  /** Reads up to {@code length} bytes of the body; -1 at its end. */
  int read(byte[] buffer, int offset, int length);

  /** The whole body, refusing one larger than {@code maxBytes}. */
  default byte[] readAll(int maxBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    byte[] buffer = new byte[8192];
    int n;
    while ((n = read(buffer, 0, buffer.length)) >= 0) {
      out.write(buffer, 0, n);
      if (out.size() > maxBytes) {
        close();
        throw new UpstreamProtocol("Upstream response exceeds " + maxBytes + " bytes", null);
      }
    }
    return out.toByteArray();
  }

  @Override
  void close();
}
