package dev.modelgate.server;

import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.RequestTooLarge;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * Reads a request body, refusing one over the limit before reading it when its length is declared.
 */
public final class BodyReader {
  private BodyReader() {}

  public static byte[] read(ServerRequest request, long limit) {
    OptionalLong declared = request.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > limit) {
      throw new RequestTooLarge(limit);
    }
    if (!request.content().hasEntity()) {
      throw new InvalidRequest(
          "The request body is empty; the API expects a JSON object.", null, "invalid_json");
    }
    try (InputStream in = request.content().inputStream()) {
      int expected = declared.isPresent() ? (int) declared.getAsLong() : 8192;
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(expected, 64));
      byte[] buffer = new byte[Math.min(Math.max(expected, 1024), 64 * 1024)];
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
}
