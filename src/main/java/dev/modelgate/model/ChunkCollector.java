package dev.modelgate.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.error.UpstreamProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A streamed answer assembled into the complete one it stands for, the inverse of {@link
 * AnswerStream}: for upstreams that answer some calls only as a stream (Dify's agent apps), and for
 * a cached stream served to a client that did not ask to stream. Per choice index: text, reasoning,
 * refusal, tool calls by index, log probabilities, finish reason; usage and the last chunk's
 * extensions for the whole.
 */
public final class ChunkCollector {
  private static final List<String> CHAT_LOGPROBS = List.of("content", "refusal");
  private static final List<String> LEGACY_LOGPROBS =
      List.of("tokens", "token_logprobs", "top_logprobs", "text_offset");

  private final Map<Integer, ChoiceParts> choices = new TreeMap<>();
  private @Nullable Usage usage;
  private @Nullable ChatChunk last;

  /** Every chunk of {@code stream}, assembled; the stream is closed. */
  public static ChatResponse collect(ChunkStream stream) {
    ChunkCollector collector = new ChunkCollector();
    try (stream) {
      StreamItem item;
      while ((item = stream.next()) != null) {
        if (!(item instanceof ChatChunk chunk)) {
          throw new UpstreamProtocol("a chat stream carried a non-chat event", null);
        }
        collector.add(chunk);
      }
    }
    return collector.response();
  }

  /**
   * A streamed text completion's chunks as one completion: text per choice index in order, the last
   * finish reason, each legacy log-probability list continued, the usage.
   */
  public static CompletionResponse completion(List<CompletionResponse> chunks) {
    if (chunks.isEmpty()) {
      throw new UpstreamProtocol("the stream ended without an answer", null);
    }
    Map<Integer, StringBuilder> texts = new TreeMap<>();
    Map<Integer, FinishReason> finishes = new TreeMap<>();
    Map<Integer, ObjectNode> logprobs = new TreeMap<>();
    Usage usage = null;
    for (CompletionResponse chunk : chunks) {
      if (chunk.usage() != null) {
        usage = chunk.usage();
      }
      for (CompletionChoice choice : chunk.choices()) {
        texts.computeIfAbsent(choice.index(), i -> new StringBuilder()).append(choice.text());
        if (choice.finishReason() != null) {
          finishes.put(choice.index(), choice.finishReason());
        }
        if (choice.logprobs() != null) {
          ObjectNode into =
              logprobs.computeIfAbsent(choice.index(), i -> JsonNodeFactory.instance.objectNode());
          continueLists(into, choice.logprobs(), LEGACY_LOGPROBS);
        }
      }
    }
    List<CompletionChoice> whole = new ArrayList<>();
    texts.forEach(
        (index, text) ->
            whole.add(
                new CompletionChoice(
                    index,
                    text.toString(),
                    finishes.getOrDefault(index, FinishReason.STOP),
                    logprobs.get(index))));
    CompletionResponse end = chunks.getLast();
    return new CompletionResponse(end.id(), end.created(), end.model(), whole, usage);
  }

  /** Appends {@code part}'s arrays named {@code lists} to those of {@code into}. */
  private static void continueLists(ObjectNode into, JsonNode part, List<String> lists) {
    for (String list : lists) {
      if (part.path(list).isArray()) {
        JsonNode existing = into.get(list);
        ArrayNode array = existing instanceof ArrayNode found ? found : into.putArray(list);
        array.addAll((ArrayNode) part.get(list));
      }
    }
  }

  public void add(ChatChunk chunk) {
    last = chunk;
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
    for (ChunkChoice choice : chunk.choices()) {
      choices.computeIfAbsent(choice.index(), i -> new ChoiceParts()).add(choice);
    }
  }

  /** The answer the chunks so far make. */
  public ChatResponse response() {
    ChatChunk end = last;
    if (end == null) {
      throw new UpstreamProtocol("the stream ended without an answer", null);
    }
    List<ChatChoice> whole = new ArrayList<>();
    choices.forEach((index, parts) -> whole.add(parts.choice(index)));
    return new ChatResponse(
        end.id(),
        end.created(),
        end.model(),
        whole,
        usage,
        end.systemFingerprint(),
        end.extensions());
  }

  /** One choice's deltas so far. */
  private static final class ChoiceParts {
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder refusal = new StringBuilder();
    private final Map<Integer, String[]> calls = new TreeMap<>(); // id, type, name, arguments
    private @Nullable ObjectNode logprobs;
    private @Nullable FinishReason finish;

    void add(ChunkChoice choice) {
      MessageDelta delta = choice.delta();
      append(text, delta.content());
      append(reasoning, delta.reasoning());
      append(refusal, delta.refusal());
      delta.toolCalls().forEach(this::merge);
      if (choice.logprobs() != null) {
        mergeLogprobs(choice.logprobs());
      }
      if (choice.finishReason() != null) {
        finish = choice.finishReason();
      }
    }

    ChatChoice choice(int index) {
      List<ToolCall> toolCalls = new ArrayList<>();
      calls.values().forEach(c -> toolCalls.add(new ToolCall(c[0], c[1], c[2], c[3])));
      Message message =
          new Message(
              Role.ASSISTANT,
              text.isEmpty() && (!toolCalls.isEmpty() || !refusal.isEmpty())
                  ? null
                  : new MessageContent.Plain(text.toString()),
              null,
              toolCalls,
              null,
              reasoning.isEmpty() ? null : reasoning.toString(),
              refusal.isEmpty() ? null : refusal.toString(),
              null);
      return new ChatChoice(index, message, finish != null ? finish : FinishReason.STOP, logprobs);
    }

    private static void append(StringBuilder to, @Nullable String part) {
      if (part != null) {
        to.append(part);
      }
    }

    private void merge(ToolCallDelta delta) {
      String[] call =
          calls.computeIfAbsent(delta.index(), i -> new String[] {"", "function", "", ""});
      if (delta.id() != null) {
        call[0] = delta.id();
      }
      if (delta.type() != null) {
        call[1] = delta.type();
      }
      if (delta.name() != null) {
        call[2] = delta.name();
      }
      if (delta.arguments() != null) {
        call[3] = call[3] + delta.arguments();
      }
    }

    /** A chunk's {@code content} and {@code refusal} token lists continue the ones before. */
    private void mergeLogprobs(JsonNode part) {
      ObjectNode merged = logprobs;
      if (merged == null) {
        merged = JsonNodeFactory.instance.objectNode();
        logprobs = merged;
      }
      continueLists(merged, part, CHAT_LOGPROBS);
    }
  }
}
