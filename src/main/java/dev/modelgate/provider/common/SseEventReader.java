package dev.modelgate.provider.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads server-sent events (WHATWG HTML, section "event stream interpretation") from a byte source:
 * lines end with CRLF, LF or CR; {@code data} lines join with LF; comment lines (": keep-alive")
 * are skipped; a blank line ends an event. An event left unfinished at the end of the source is
 * dropped, as the specification says; {@link #endedCleanly()} tells whether that happened.
 */
public final class SseEventReader implements EventSource {
  private final ByteSource source;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private boolean eof;
  private boolean skipLineFeed;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final ByteArrayOutputStream data = new ByteArrayOutputStream(512);
  private boolean hasData;
  private @Nullable String event;
  private @Nullable String id;
  private boolean partial;

  public SseEventReader(ByteSource source) {
    this.source = source;
  }

  /** The next event, or null at the end of the source. */
  @Override
  public @Nullable SseEvent next() {
    while (true) {
      byte[] raw = readLine();
      if (raw == null) {
        partial = hasData || event != null;
        return null;
      }
      if (raw.length == 0) {
        if (hasData) {
          SseEvent out = new SseEvent(event, data.toByteArray(), id);
          resetEvent();
          return out;
        }
        resetEvent();
        continue;
      }
      field(raw);
    }
  }

  /** False when the source ended in the middle of an event. */
  public boolean endedCleanly() {
    return !partial;
  }

  private void field(byte[] raw) {
    if (raw[0] == ':') {
      return;
    }
    int colon = indexOf(raw, (byte) ':');
    String name = new String(raw, 0, colon < 0 ? raw.length : colon, StandardCharsets.UTF_8);
    int valueStart = colon < 0 ? raw.length : colon + 1;
    if (valueStart < raw.length && raw[valueStart] == ' ') {
      valueStart++;
    }
    switch (name) {
      case "data" -> {
        if (hasData) {
          data.write('\n');
        }
        data.write(raw, valueStart, raw.length - valueStart);
        hasData = true;
      }
      case "event" ->
          event = new String(raw, valueStart, raw.length - valueStart, StandardCharsets.UTF_8);
      case "id" ->
          id = new String(raw, valueStart, raw.length - valueStart, StandardCharsets.UTF_8);
      default -> {
        // "retry" and unknown fields do not concern a relay.
      }
    }
  }

  private void resetEvent() {
    data.reset();
    hasData = false;
    event = null;
  }

  private byte @Nullable [] readLine() {
    line.reset();
    while (true) {
      if (position == limit) {
        if (eof || !fill()) {
          return line.size() > 0 ? line.toByteArray() : null;
        }
      }
      if (skipLineFeed) {
        skipLineFeed = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      int start = position;
      while (position < limit) {
        byte b = buffer[position];
        if (b == '\n' || b == '\r') {
          line.write(buffer, start, position - start);
          position++;
          skipLineFeed = b == '\r';
          return line.toByteArray();
        }
        position++;
      }
      line.write(buffer, start, position - start);
    }
  }

  private boolean fill() {
    int n = source.read(buffer, 0, buffer.length);
    if (n < 0) {
      eof = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  private static int indexOf(byte[] bytes, byte value) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
