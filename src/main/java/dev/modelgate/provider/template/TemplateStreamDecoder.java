package dev.modelgate.provider.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.StreamItem;
import dev.modelgate.provider.common.EventQueueStream;
import dev.modelgate.provider.common.NdjsonReader;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.SseEventReader;
import dev.modelgate.provider.common.StreamedText;
import dev.modelgate.provider.common.TextOutput;
import dev.modelgate.provider.common.UpstreamJson;
import dev.modelgate.upstream.UpstreamResponse;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A service's SSE or NDJSON stream as chunks: each event's text (or, for cumulative services, what
 * it adds to the text so far) becomes a delta; the stream ends at the configured done marker or at
 * the end of the body, with the finish reason and usage last seen, counted where the service gave
 * no counts.
 */
final class TemplateStreamDecoder extends EventQueueStream<StreamItem> {
  private final TemplateSpec spec;
  private final TemplateSpec.StreamShape shape;
  private final TextOutput out;
  private final String prompt;
  private final byte[] done;
  private final StreamedText text;
  private @Nullable String finishWord;
  private JsonNode lastEvent = Json.object();
  private boolean first = true;

  TemplateStreamDecoder(
      UpstreamResponse response, TemplateSpec spec, TextOutput out, String prompt) {
    super(response, source(response, spec.stream()));
    this.spec = spec;
    this.shape = java.util.Objects.requireNonNull(spec.stream());
    this.out = out;
    this.prompt = prompt;
    this.done = shape.done().getBytes(StandardCharsets.UTF_8);
    this.text = new StreamedText(shape.cumulative());
  }

  private static dev.modelgate.provider.common.EventSource source(
      UpstreamResponse response, TemplateSpec.@Nullable StreamShape shape) {
    return shape != null && shape.ndjson()
        ? new NdjsonReader(response::read)
        : new SseEventReader(response::read);
  }

  @Override
  protected void onEvent(SseEvent event) {
    if (event.dataIs(done)) {
      end();
      finish();
      return;
    }
    JsonNode root = UpstreamJson.parse(event.data());
    TemplateAnswers.failIfError(root, shape.pointers());
    lastEvent = root;
    String word = TemplateAnswers.word(root, shape.pointers());
    if (word != null) {
      finishWord = word;
    }
    JsonNode value = AnswerPointers.at(root, shape.pointers().text());
    String delta = value == null || !value.isValueNode() ? "" : text.add(value.asText());
    if (!delta.isEmpty() || first) {
      emit(out.delta(delta, first, null));
      first = false;
    }
  }

  /** A service without a done marker ends its stream by ending the body. */
  @Override
  protected void onEnd() {
    end();
  }

  private void end() {
    FinishReason finish = spec.finishReason(finishWord);
    emit(out.delta("", first, finish));
    emit(
        out.usage(
            TemplateAnswers.usage(lastEvent, shape.pointers(), prompt, text.text(), out.tokens())));
  }
}
