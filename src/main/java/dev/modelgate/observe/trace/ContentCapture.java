package dev.modelgate.observe.trace;

import dev.modelgate.codec.AnswerDeltas;
import dev.modelgate.codec.AnswerText;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Reply;
import dev.modelgate.model.StreamItem;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The prompt and completion text of one request, for its server span when {@code capture_content}
 * is on: each bounded to {@link #MAX_CHARS} and passed through the redactor. A streamed answer's
 * deltas are joined before redaction, so a value split across events is still masked. Used by the
 * request's own thread only.
 */
final class ContentCapture {
  static final int MAX_CHARS = 8192;
  // Text kept past the limit so a value cut by the limit is still recognized and masked whole.
  private static final int MARGIN = 256;

  private final ContentRedactor redactor;
  private final StringBuilder completion = new StringBuilder();

  ContentCapture(ContentRedactor redactor) {
    this.redactor = redactor;
  }

  /** The request body (first {@link #MAX_CHARS} characters), redacted. */
  String prompt(byte[] body) {
    int length = Math.min(body.length, MAX_CHARS + MARGIN);
    return bounded(new String(body, 0, length, StandardCharsets.UTF_8));
  }

  /** The reply, its text kept as it passes (a complete answer at once, a stream per event). */
  Reply watch(Reply reply) {
    return switch (reply) {
      case Reply.Complete complete -> {
        keep(AnswerText.of(complete.body()));
        yield reply;
      }
      case Reply.Streaming streaming -> new Reply.Streaming(new Watched(streaming.stream()));
    };
  }

  /** The answer's text seen so far, redacted; null when there was none. */
  @Nullable String completion() {
    return completion.isEmpty() ? null : bounded(completion.toString());
  }

  private void keep(@Nullable String text) {
    if (text != null && completion.length() < MAX_CHARS + MARGIN) {
      completion.append(text, 0, Math.min(text.length(), MAX_CHARS + MARGIN - completion.length()));
    }
  }

  private String bounded(String text) {
    String redacted = redactor.redact(text);
    return redacted.length() <= MAX_CHARS ? redacted : redacted.substring(0, MAX_CHARS);
  }

  /** A stream that keeps the text each event adds to the first choice. */
  private final class Watched implements ChunkStream {
    private final ChunkStream upstream;

    Watched(ChunkStream upstream) {
      this.upstream = upstream;
    }

    @Override
    public @Nullable StreamItem next() {
      StreamItem item = upstream.next();
      if (item != null) {
        keep(AnswerDeltas.first(item));
      }
      return item;
    }

    @Override
    public void close() {
      upstream.close();
    }
  }
}
