package dev.modelgate.provider.tgi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.StreamItem;
import dev.modelgate.provider.common.EventQueueStream;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.TextOutput;
import dev.modelgate.provider.common.UpstreamJson;
import dev.modelgate.upstream.UpstreamResponse;

/**
 * TGI's {@code /generate_stream}: one SSE event per token, the last one with {@code details}
 * (finish reason, generated tokens, input length). Special tokens (an end-of-sequence marker) add
 * no text. There is no {@code [DONE]}: a stream that ends before the details is truncated, and an
 * {@code {"error":...}} event fails the stream.
 */
final class TgiStreamDecoder extends EventQueueStream<StreamItem> {
  private final TextOutput out;
  private final String prompt;
  private final StringBuilder text = new StringBuilder();
  private boolean first = true;

  TgiStreamDecoder(UpstreamResponse response, TextOutput out, String prompt) {
    super(response);
    this.out = out;
    this.prompt = prompt;
  }

  @Override
  protected void onEvent(SseEvent event) {
    JsonNode root = UpstreamJson.parse(event.data());
    if (root.hasNonNull("error")) {
      throw TgiErrors.inStream(root);
    }
    JsonNode token = root.path("token");
    String delta = token.path("special").asBoolean(false) ? "" : token.path("text").asText("");
    if (!delta.isEmpty() || first) {
      text.append(delta);
      emit(out.delta(delta, first, null));
      first = false;
    }
    JsonNode details = root.path("details");
    if (details.isObject()) {
      emit(out.delta("", false, TgiResponses.finishReason(Json.text(details, "finish_reason"))));
      emit(
          out.usage(
              out.tokens()
                  .usage(
                      Json.longValue(details, "input_length"),
                      Json.longValue(details, "generated_tokens"),
                      prompt,
                      text.toString())));
      finish();
    }
  }
}
