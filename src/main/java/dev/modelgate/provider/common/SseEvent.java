package dev.modelgate.provider.common;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** One server-sent event: its name (null for the default "message"), data and id. */
public record SseEvent(@Nullable String event, byte[] data, @Nullable String id) {

  public String dataText() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Whether the data is exactly {@code text}, without decoding it. */
  public boolean dataIs(byte[] text) {
    return java.util.Arrays.equals(data, text);
  }
}
