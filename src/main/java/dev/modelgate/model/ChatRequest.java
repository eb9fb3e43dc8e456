package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A chat request. Fields the model names are typed; every other field the client sent rides in
 * {@code extensions} and reaches an upstream of the same wire format ({@code format}) unchanged: an
 * Anthropic client's {@code thinking} means nothing to an OpenAI server, which would refuse it.
 */
public record ChatRequest(
    String model,
    List<Message> messages,
    boolean stream,
    boolean includeUsage,
    @Nullable Integer maxTokens,
    @Nullable Integer maxCompletionTokens,
    @Nullable Double temperature,
    @Nullable Double topP,
    @Nullable Integer n,
    List<String> stop,
    List<Tool> tools,
    @Nullable ToolChoice toolChoice,
    @Nullable Boolean parallelToolCalls,
    @Nullable ResponseFormat responseFormat,
    @Nullable String user,
    @Nullable ObjectNode extensions,
    WireProtocol format)
    implements CanonicalRequest {

  public ChatRequest {
    messages = List.copyOf(messages);
    stop = List.copyOf(stop);
    tools = List.copyOf(tools);
  }

  /** The extensions, when they are fields of {@code wire}'s requests; null otherwise. */
  public @Nullable ObjectNode extensionsFor(WireProtocol wire) {
    return format == wire ? extensions : null;
  }

  /** The output limit, whichever field the client used. */
  public @Nullable Integer outputLimit() {
    return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
  }

  public ChatRequest withModel(String newModel) {
    return new ChatRequest(
        newModel,
        messages,
        stream,
        includeUsage,
        maxTokens,
        maxCompletionTokens,
        temperature,
        topP,
        n,
        stop,
        tools,
        toolChoice,
        parallelToolCalls,
        responseFormat,
        user,
        extensions,
        format);
  }

  /** The same request with other messages (a policy rewrote the prompt). */
  public ChatRequest withMessages(List<Message> newMessages) {
    return new ChatRequest(
        model,
        newMessages,
        stream,
        includeUsage,
        maxTokens,
        maxCompletionTokens,
        temperature,
        topP,
        n,
        stop,
        tools,
        toolChoice,
        parallelToolCalls,
        responseFormat,
        user,
        extensions,
        format);
  }
}
