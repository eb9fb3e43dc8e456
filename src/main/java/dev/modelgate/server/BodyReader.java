package dev.modelgate.server;

import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.RequestTooLarge;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Reads a request body, refusing one over the limit before reading it when its length is declared,
 * and one that does not arrive within its time ({@link BodyDeadlines}).
 */
public final class BodyReader {
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private BodyReader() {}

  /** The admin API's bodies: small, and given {@link #ADMIN_TIMEOUT} to arrive. */
  public static byte[] read(ServerRequest request, long limit) {
    return read(request, limit, ADMIN_TIMEOUT);
  }

  /**
   * The body, whole within {@code timeout} of the call (else the read is cut, the connection
   * closed, and the call refused as {@code request_timeout}).
   */
  public static byte[] read(ServerRequest request, long limit, Duration timeout) {
    OptionalLong declared = request.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > limit) {
      throw new RequestTooLarge(limit);
    }
    if (!request.content().hasEntity()) {
      throw new InvalidRequest(
          "The request body is empty; the API expects a JSON object.", null, "invalid_json");
    }
    BodyDeadlines.Reading reading = BodyDeadlines.INSTANCE.start(timeout);
    byte[] body;
    try {
      body = readAll(request, declared, limit);
    } catch (RuntimeException e) {
      if (!reading.finish()) {
        throw timedOut(timeout);
      }
      throw e;
    }
    if (!reading.finish()) {
      throw timedOut(timeout);
    }
    return body;
  }

  private static byte[] readAll(ServerRequest request, OptionalLong declared, long limit) {
    try (InputStream in = request.content().inputStream()) {
      if (declared.isPresent()) {
        // The length is known (and within the limit): one array of it, no copies.
        byte[] body = new byte[(int) declared.getAsLong()];
        int n = in.readNBytes(body, 0, body.length);
        return n == body.length ? body : Arrays.copyOf(body, n);
      }
      // Chunked: grown as it comes, refused as soon as it passes the limit.
      ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (out.size() > limit) {
          throw new RequestTooLarge(limit);
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InvalidRequest timedOut(Duration timeout) {
    return new InvalidRequest(
        "The request body did not arrive within " + timeout.toSeconds() + "s.",
        null,
        "request_timeout");
  }
}
