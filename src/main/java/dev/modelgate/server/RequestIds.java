package dev.modelgate.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The request id: the client's {@code x-request-id} when it is a sane token (so ids join across
 * hops), otherwise a new random one.
 */
public final class RequestIds {
  private static final int MAX_LENGTH = 128;

  private RequestIds() {}

  public static String of(Function<String, @Nullable String> headers) {
    String sent = headers.apply("x-request-id");
    if (sent != null && acceptable(sent)) {
      return sent;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "req_"
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }

  private static boolean acceptable(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':')
          || c > 127) {
        return false;
      }
    }
    return true;
  }
}
