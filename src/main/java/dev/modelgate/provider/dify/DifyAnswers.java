package dev.modelgate.provider.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.Role;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.PlainErrors;
import dev.modelgate.provider.common.TokenEstimate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Dify's answers (blocking bodies and stream events) in canonical form. */
final class DifyAnswers {
  private DifyAnswers() {}

  static Usage chatUsage(JsonNode metadata, String query, String answer) {
    JsonNode usage = metadata.path("usage");
    if (usage.has("prompt_tokens") || usage.has("completion_tokens")) {
      return Usage.of(
          usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong());
    }
    return TokenEstimate.O200K.usage(query, answer);
  }

  /**
   * A workflow reports only a total: the split between prompt and answer is estimated, the total is
   * Dify's.
   */
  static Usage workflowUsage(JsonNode data, String query, String answer) {
    Usage estimate = TokenEstimate.O200K.usage(query, answer);
    if (!data.path("total_tokens").canConvertToLong()) {
      return estimate;
    }
    long total = data.path("total_tokens").asLong();
    long completion = Math.min(total, estimate.completionTokens());
    return new Usage(total - completion, completion, total, null, null, true, null);
  }

  /** The configured output variable, the only one there is, or all outputs as JSON. */
  static String workflowAnswer(JsonNode outputs, DifySpec spec) {
    JsonNode value = spec.answerOutput() != null ? outputs.path(spec.answerOutput()) : null;
    if (value == null && outputs.size() == 1) {
      value = outputs.elements().next();
    }
    if (value == null || value.isMissingNode()) {
      return outputs.toString();
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** A failed workflow run or an {@code error} event: Dify's status decides the type. */
  static GatewayException failure(JsonNode error, String target) {
    int status = error.path("status").asInt(0);
    if (status == 0) {
      String message = error.path("error").asText("Dify run failed");
      return PlainErrors.mentionsContextLength(message)
          ? new dev.modelgate.error.ContextLengthExceeded(message)
          : new UpstreamOverloaded(message, 502);
    }
    return PlainErrors.fromStatus(
        status, error.toString().getBytes(StandardCharsets.UTF_8), name -> null, target);
  }

  static ChatResponse response(
      String id,
      String model,
      String answer,
      FinishReason finish,
      Usage usage,
      @Nullable String conversationId) {
    return new ChatResponse(
        id,
        System.currentTimeMillis() / 1000,
        model,
        List.of(new ChatChoice(0, Message.of(Role.ASSISTANT, answer), finish, null)),
        usage,
        null,
        conversationExtension(conversationId));
  }

  /** {@code conversation_id} in the answer, for clients that continue by the field. */
  static @Nullable ObjectNode conversationExtension(@Nullable String conversationId) {
    return conversationId == null ? null : Json.object().put("conversation_id", conversationId);
  }
}
