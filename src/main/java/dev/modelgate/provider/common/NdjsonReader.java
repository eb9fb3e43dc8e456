package dev.modelgate.provider.common;

import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads newline-delimited JSON (Ollama's streams): every non-blank line is one event's data. A last
 * line without its newline still counts: NDJSON servers often end without one.
 */
public final class NdjsonReader implements EventSource {
  private final ByteSource source;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private boolean eof;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

  public NdjsonReader(ByteSource source) {
    this.source = source;
  }

  @Override
  public @Nullable SseEvent next() {
    while (true) {
      byte[] raw = readLine();
      if (raw == null) {
        return null;
      }
      if (!isBlank(raw)) {
        return new SseEvent(null, raw, null);
      }
    }
  }

  private byte @Nullable [] readLine() {
    line.reset();
    while (true) {
      if (position == limit) {
        if (eof) {
          return line.size() > 0 ? line.toByteArray() : null;
        }
        int n = source.read(buffer, 0, buffer.length);
        if (n < 0) {
          eof = true;
          continue;
        }
        position = 0;
        limit = n;
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      line.write(buffer, start, position - start);
      if (position < limit) {
        position++;
        return line.toByteArray();
      }
    }
  }

  private static boolean isBlank(byte[] raw) {
    for (byte b : raw) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
