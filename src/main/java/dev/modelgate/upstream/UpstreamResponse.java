package dev.modelgate.upstream;

import dev.modelgate.error.UpstreamProtocol;
import java.util.Arrays;
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
    // Sized by Content-Length when the upstream sends one (then usually one read, one array);
    // grown by doubling otherwise.
    int cap = maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1; // one over: "too large"
    byte[] body = new byte[initialSize(header("content-length"), cap)];
    int size = 0;
    int n;
    while (true) {
      if (size == body.length) {
        if (size > maxBytes) {
          close();
          throw new UpstreamProtocol("Upstream response exceeds " + maxBytes + " bytes", null);
        }
        body = Arrays.copyOf(body, (int) Math.min(Math.max(size * 2L, 1024), cap));
      }
      n = read(body, size, body.length - size);
      if (n < 0) {
        return size == body.length ? body : Arrays.copyOf(body, size);
      }
      size += n;
    }
  }

  private static int initialSize(@Nullable String contentLength, int cap) {
    if (contentLength != null) {
      try {
        long length = Long.parseLong(contentLength.strip());
        if (length >= 0) {
          // one more byte than declared, so the end of the body is seen without growing
          return (int) Math.min(length + 1, cap);
        }
      } catch (NumberFormatException e) {
        // not a length: read as if none was given
      }
    }
    return Math.min(1024, cap);
  }

  /**
   * The body's protocol end was read (an SSE stream's {@code [DONE]}, Anthropic's {@code
   * message_stop}): reads the little that is left of the body (the chunked encoding's last chunk)
   * so the connection goes back to the pool, then closes. Where that does not come at once, the
   * connection is closed instead, as {@link #close()} does.
   */
  default void closeAtEnd() {
    close();
  }

  @Override
  void close();
}
