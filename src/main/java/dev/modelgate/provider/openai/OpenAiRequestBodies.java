package dev.modelgate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.codec.JsonSplice;
import dev.modelgate.codec.OpenAiRequestCodec;
import dev.modelgate.error.Internal;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.RerankRequest;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.common.ReasoningEffort;
import dev.modelgate.provider.common.Sampling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The upstream request body. On the fast path the client's bytes are relayed with only the model
 * name spliced in (and usage asked for); a tree is built only when the dialect must change more.
 */
final class OpenAiRequestBodies {
  private static final byte[] REASONING = "\"reasoning_content\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ENABLE_THINKING =
      "\"enable_thinking\"".getBytes(StandardCharsets.UTF_8);

  private OpenAiRequestBodies() {}

  /**
   * @param forceUsage ask the upstream for stream usage even if the client did not
   * @param forceStream ask for a stream though the client did not (a server that answers the call
   *     only as one; the gateway collects it)
   */
  static byte[] build(
      InboundRequest request,
      String targetModel,
      OpenAiDialect dialect,
      boolean forceUsage,
      boolean forceStream) {
    String upstreamModel = dialect.modelSent(targetModel);
    boolean stream = request.stream() || forceStream;
    boolean wantUsage = request.stream() && forceUsage && !request.includeUsage();
    if (!forceStream
        && request.relayableTo(WireProtocol.OPENAI)
        && !needsTree(request, dialect, wantUsage)) {
      byte[] body = JsonSplice.replaceModel(request, upstreamModel);
      return wantUsage
          ? JsonSplice.prependField(body, "stream_options", "{\"include_usage\":true}")
          : body;
    }
    ObjectNode tree =
        request.relayableTo(WireProtocol.OPENAI)
            ? parse(request.body())
            : parse(encode(request.canonical()));
    tree.put("model", upstreamModel);
    if (forceStream) {
      tree.put("stream", true);
    }
    if (stream && forceUsage) {
      JsonNode options = tree.get("stream_options");
      ObjectNode streamOptions =
          options instanceof ObjectNode o ? o : tree.putObject("stream_options");
      streamOptions.put("include_usage", true);
    }
    // Before drop_fields, which has the last word.
    thinking(request.canonical(), tree, dialect);
    topK(request.canonical(), tree, dialect);
    ToolChoiceSupport.adapt(tree, dialect.toolChoices());
    if (dialect.stripInputReasoning()) {
      tree.path("messages").forEach(m -> ((ObjectNode) m).remove("reasoning_content"));
    }
    tree.remove(dialect.dropFields());
    if (dialect.grammarFormat() && tree.get("response_format") instanceof ObjectNode format) {
      JsonNode grammar = TgiGrammar.of(format);
      if (grammar == null) {
        tree.remove("response_format");
      } else {
        tree.set("response_format", grammar);
      }
    }
    AssistantPrefix.mark(tree, dialect.name());
    return Json.bytes(tree);
  }

  /** An Anthropic client's {@code thinking}, in the words of the dialect's server. */
  private static void thinking(CanonicalRequest request, ObjectNode tree, OpenAiDialect dialect) {
    if (!(request instanceof ChatRequest chat
        && chat.extensionsFor(WireProtocol.ANTHROPIC) instanceof ObjectNode own)) {
      return;
    }
    if (own.get("thinking") instanceof ObjectNode thinking) {
      dialect.thinking().translate(tree, thinking);
    }
    // Claude's effort (output_config.effort: low, medium, high) is an OpenAI reasoning effort by
    // another name; where the server reads reasoning_effort, it says more than a budget's bracket.
    String effort = own.path("output_config").path("effort").asText("");
    if (dialect.thinking() == ThinkingControl.REASONING_EFFORT
        && ReasoningEffort.budget(effort) != null) {
      tree.put("reasoning_effort", effort);
    }
  }

  /** An Anthropic client's {@code top_k}, for a server that takes one. */
  private static void topK(CanonicalRequest request, ObjectNode tree, OpenAiDialect dialect) {
    if (dialect.topK()
        && request instanceof ChatRequest chat
        && chat.format() == WireProtocol.ANTHROPIC
        && Sampling.topK(chat) instanceof Integer topK) {
      tree.put("top_k", topK);
    }
  }

  /** Whether {@code body} turns thinking on ({@code enable_thinking: true}). */
  static boolean asksToThink(byte[] body) {
    return JsonSplice.contains(body, ENABLE_THINKING)
        && parse(body).path("enable_thinking").asBoolean(false);
  }

  private static boolean needsTree(
      InboundRequest request, OpenAiDialect dialect, boolean wantUsage) {
    for (String key : request.topLevelKeys()) {
      if (dialect.dropFields().contains(key)) {
        return true;
      }
    }
    if (dialect.grammarFormat() && request.topLevelKeys().contains("response_format")) {
      return true;
    }
    if (wantUsage && request.topLevelKeys().contains("stream_options")) {
      return true;
    }
    if (dialect.toolChoices().size() < ToolChoiceSupport.ALL.size()
        && request.topLevelKeys().contains("tool_choice")) {
      return true;
    }
    return dialect.stripInputReasoning() && JsonSplice.contains(request.body(), REASONING);
  }

  private static byte[] encode(CanonicalRequest request) {
    return switch (request) {
      case ChatRequest chat -> OpenAiRequestCodec.encodeChat(chat);
      case CompletionRequest completion -> OpenAiRequestCodec.encodeCompletion(completion);
      case EmbeddingRequest embedding -> OpenAiRequestCodec.encodeEmbedding(embedding);
      case RerankRequest rerank ->
          throw new InvalidRequest("Rerank is served by upstreams of type rerank", "model");
    };
  }

  private static ObjectNode parse(byte[] body) {
    try {
      return (ObjectNode) Json.parse(body);
    } catch (IOException | ClassCastException e) {
      throw new Internal("request body is not a JSON object after validation", e);
    }
  }
}
