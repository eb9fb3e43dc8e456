package dev.modelgate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Gemini candidates as canonical choices: text and thought parts, function calls with ids. */
final class GeminiResponses {
  private static final Set<String> FILTERED =
      Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

  private GeminiResponses() {}

  static ChatResponse decode(JsonNode root, String publicModel) {
    JsonNode candidates = root.path("candidates");
    if (candidates.isEmpty() && root.path("promptFeedback").hasNonNull("blockReason")) {
      throw new ContentFiltered(
          "The prompt was blocked: " + root.path("promptFeedback").path("blockReason").asText());
    }
    List<ChatChoice> choices = new ArrayList<>();
    for (JsonNode candidate : candidates) {
      Parts parts = Parts.of(candidate.path("content").path("parts"), 0);
      Message message =
          new Message(
              Role.ASSISTANT,
              parts.calls.isEmpty() || !parts.text.isEmpty()
                  ? new MessageContent.Plain(parts.text.toString())
                  : null,
              null,
              parts.calls,
              null,
              parts.thought.isEmpty() ? null : parts.thought.toString(),
              null,
              null);
      choices.add(
          new ChatChoice(
              candidate.path("index").asInt(choices.size()),
              message,
              finishReason(Json.text(candidate, "finishReason"), !parts.calls.isEmpty()),
              null));
    }
    return new ChatResponse(
        root.path("responseId").asText("gemini"),
        System.currentTimeMillis() / 1000,
        publicModel,
        choices,
        usage(root.path("usageMetadata")),
        null,
        null);
  }

  /** The text, thought text and function calls of a candidate's parts. */
  record Parts(StringBuilder text, StringBuilder thought, List<ToolCall> calls) {
    /** Calls without an id get {@code call_<n>}, numbered from {@code firstCall}. */
    static Parts of(JsonNode parts, int firstCall) {
      Parts out = new Parts(new StringBuilder(), new StringBuilder(), new ArrayList<>());
      for (JsonNode part : parts) {
        if (part.has("functionCall")) {
          JsonNode call = part.path("functionCall");
          String id = Json.text(call, "id");
          out.calls.add(
              new ToolCall(
                  id != null ? id : "call_" + (firstCall + out.calls.size()),
                  "function",
                  call.path("name").asText(),
                  call.path("args").isMissingNode() ? "{}" : call.path("args").toString()));
        } else if (part.path("thought").asBoolean(false)) {
          out.thought.append(part.path("text").asText(""));
        } else if (part.has("text")) {
          out.text.append(part.path("text").asText());
        }
      }
      return out;
    }
  }

  static @Nullable FinishReason finishReason(@Nullable String reason, boolean hasCalls) {
    if (reason == null) {
      return null;
    }
    if (FILTERED.contains(reason)) {
      return FinishReason.CONTENT_FILTER;
    }
    if (reason.equals("MAX_TOKENS")) {
      return FinishReason.LENGTH;
    }
    return hasCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
  }

  static @Nullable Usage usage(JsonNode metadata) {
    if (!metadata.isObject()) {
      return null;
    }
    long prompt = metadata.path("promptTokenCount").asLong(0);
    long thoughts = metadata.path("thoughtsTokenCount").asLong(0);
    long completion = metadata.path("candidatesTokenCount").asLong(0) + thoughts;
    long total =
        metadata.has("totalTokenCount")
            ? metadata.path("totalTokenCount").asLong()
            : prompt + completion;
    Long cached = Json.longValue(metadata, "cachedContentTokenCount");
    return new Usage(
        prompt, completion, total, cached, thoughts == 0 ? null : thoughts, false, null);
  }
}
