package dev.modelgate.provider.dify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Role;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.EventQueueStream;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.UpstreamJson;
import dev.modelgate.upstream.UpstreamResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Dify's event stream as chunks. Chat and agent apps: {@code message} / {@code agent_message}
 * answers are deltas, {@code message_replace} (output moderation) ends with a content filter,
 * {@code message_end} gives usage. Workflows: {@code text_chunk} deltas, {@code workflow_finished}
 * gives the outputs and total. {@code error} events and failed runs fail the stream; {@code ping},
 * node and thought events are skipped.
 */
final class DifyStreamDecoder extends EventQueueStream<ChatChunk> {
  /** Told the conversation and the whole answer when the stream completes. */
  interface Completion {
    void completed(@Nullable String conversationId, String answer);
  }

  private final String publicModel;
  private final DifySpec spec;
  private final String query;
  private final String target;
  private final boolean exposeConversation;
  private final Completion completion;
  private final String id = "chatcmpl-dify-" + Long.toHexString(System.nanoTime());
  private final long created = System.currentTimeMillis() / 1000;
  private final StringBuilder answer = new StringBuilder();
  private @Nullable String conversationId;
  private boolean first = true;

  DifyStreamDecoder(
      UpstreamResponse response,
      String publicModel,
      DifySpec spec,
      String query,
      String target,
      boolean exposeConversation,
      Completion completion) {
    super(response);
    this.publicModel = publicModel;
    this.spec = spec;
    this.query = query;
    this.target = target;
    this.exposeConversation = exposeConversation;
    this.completion = completion;
  }

  @Override
  protected void onEvent(SseEvent event) {
    JsonNode data = UpstreamJson.parse(event.data());
    if (conversationId == null && data.hasNonNull("conversation_id")) {
      conversationId = data.path("conversation_id").asText();
    }
    switch (data.path("event").asText()) {
      case "message", "agent_message" -> delta(data.path("answer").asText(""));
      case "text_chunk" -> delta(data.path("data").path("text").asText(""));
      case "message_replace" -> {
        delta(data.path("answer").asText(""));
        end(FinishReason.CONTENT_FILTER, DifyAnswers.chatUsage(data, query, answer.toString()));
      }
      case "message_end" ->
          end(
              FinishReason.STOP,
              DifyAnswers.chatUsage(data.path("metadata"), query, answer.toString()));
      case "workflow_finished" -> {
        if (spec.appType() == DifySpec.AppType.WORKFLOW) {
          workflowFinished(data.path("data"));
        }
      }
      case "error" -> throw DifyAnswers.failure(data, target);
      default -> {
        // ping, node_*, agent_thought, message_file, tts_*: nothing for the client
      }
    }
  }

  private void workflowFinished(JsonNode run) {
    if (!"succeeded".equals(run.path("status").asText())) {
      throw DifyAnswers.failure(run, target);
    }
    if (answer.isEmpty()) {
      delta(DifyAnswers.workflowAnswer(run.path("outputs"), spec));
    }
    end(FinishReason.STOP, DifyAnswers.workflowUsage(run, query, answer.toString()));
  }

  private void delta(String text) {
    if (text.isEmpty() && !first) {
      return;
    }
    answer.append(text);
    emit(
        chunk(
            new MessageDelta(first ? Role.ASSISTANT : null, text, null, null, List.of(), null),
            null,
            null));
    first = false;
  }

  private void end(FinishReason finish, Usage usage) {
    if (first) {
      delta("");
    }
    emit(chunk(new MessageDelta(null, null, null, null, List.of(), null), finish, null));
    emit(new ChatChunk(id, created, publicModel, List.of(), usage, null, null));
    completion.completed(conversationId, answer.toString());
    finish();
  }

  private ChatChunk chunk(
      MessageDelta delta, @Nullable FinishReason finish, @Nullable Usage usage) {
    return new ChatChunk(
        id,
        created,
        publicModel,
        List.of(new ChunkChoice(0, delta, finish, null)),
        usage,
        null,
        exposeConversation ? DifyAnswers.conversationExtension(conversationId) : null);
  }
}
