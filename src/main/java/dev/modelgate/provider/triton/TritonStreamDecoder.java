package dev.modelgate.provider.triton;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.StreamItem;
import dev.modelgate.provider.common.EventQueueStream;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.StreamedText;
import dev.modelgate.provider.common.TextOutput;
import dev.modelgate.provider.common.UpstreamJson;
import dev.modelgate.upstream.UpstreamResponse;
import org.jspecify.annotations.Nullable;

/**
 * {@code /generate_stream}: one SSE event per response of a decoupled model, no end marker (the
 * connection closes). Each event's text output is a delta, or with {@code cumulative_output} the
 * text so far. The HTTP status is fixed by the first response, so a later failure is an {@code
 * {"error":...}} event under 200: it fails the stream. Where the backend reports a finish reason, a
 * stream that closes before one is truncated; without one, closing is the end.
 */
final class TritonStreamDecoder extends EventQueueStream<StreamItem> {
  private final TextOutput out;
  private final String prompt;
  private final TritonLayout layout;
  private final StreamedText text;
  private @Nullable FinishReason finish;
  private @Nullable Long inputTokens;
  private @Nullable Long outputTokens;
  private boolean first = true;

  TritonStreamDecoder(
      UpstreamResponse response, TextOutput out, String prompt, TritonLayout layout) {
    super(response);
    this.out = out;
    this.prompt = prompt;
    this.layout = layout;
    this.text = new StreamedText(layout.cumulative());
  }

  @Override
  protected void onEvent(SseEvent event) {
    JsonNode root = UpstreamJson.parse(event.data());
    if (root.hasNonNull("error")) {
      throw TritonResponses.error(root);
    }
    String eventText = TritonResponses.text(root, layout);
    String delta =
        text.add(
            layout.cumulative() ? TritonResponses.withoutPrompt(eventText, prompt) : eventText);
    if (!delta.isEmpty() || first) {
      emit(out.delta(delta, first, null));
      first = false;
    }
    Long in = TritonResponses.count(root, layout.output("input_tokens"));
    if (in != null) {
      inputTokens = in;
    }
    Long produced = TritonResponses.count(root, layout.output("output_tokens"));
    if (produced != null) {
      // The vLLM backend counts the tokens of each response, not of the stream so far.
      outputTokens = (outputTokens == null ? 0 : outputTokens) + produced;
    }
    FinishReason reason =
        TritonResponses.finishReason(TritonResponses.value(root, layout.output("finish_reason")));
    if (reason != null) {
      finish = reason;
    }
  }

  @Override
  protected void onEnd() {
    if (finish == null && layout.output("finish_reason") != null) {
      throw new UpstreamProtocol("Upstream stream ended before a finish reason", null);
    }
    emit(out.delta("", first, finish == null ? FinishReason.STOP : finish));
    emit(out.usage(out.tokens().usage(inputTokens, outputTokens, prompt, text.text())));
  }
}
