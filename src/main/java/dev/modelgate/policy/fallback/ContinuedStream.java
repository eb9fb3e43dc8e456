package dev.modelgate.policy.fallback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.codec.Json;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.Reply;
import dev.modelgate.model.Role;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.route.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A chat stream that, when its upstream fails after some text has reached the client, goes on from
 * another target that can continue an assistant prefix (for OpenAI and Anthropic clients alike: the
 * continuation comes as typed chunks, which the front door encodes after what was relayed): the
 * request is sent again with the text so far as a final assistant message, and that target's
 * continuation is handed out as the rest of the same stream. Once per call; if no target can
 * continue, or the continuation fails, the client gets the error as it would have.
 */
final class ContinuedStream implements ChunkStream {
  private static final Logger LOG = Logger.getLogger(ContinuedStream.class.getName());

  private final Call call;
  private final Policy.Next next;
  private final List<Target> candidates;
  private final StringBuilder text = new StringBuilder();
  private ChunkStream current;
  private boolean continued;
  private boolean skipRole;

  ContinuedStream(ChunkStream first, Call call, Policy.Next next, List<Target> candidates) {
    this.current = first;
    this.call = call;
    this.next = next;
    this.candidates = List.copyOf(candidates);
  }

  @Override
  public @Nullable StreamItem next() {
    StreamItem item;
    try {
      item = current.next();
    } catch (GatewayException broken) {
      if (continued || text.isEmpty() || !broken.fallbackable()) {
        throw broken;
      }
      continueElsewhere(broken);
      return next();
    }
    if (item != null) {
      record(item);
      if (skipRole && item instanceof ChatChunk chunk) {
        skipRole = false;
        return withoutRole(chunk);
      }
    }
    return item;
  }

  private void continueElsewhere(GatewayException broken) {
    Target failed = call.target();
    List<Target> options = new ArrayList<>();
    for (Target target : candidates) {
      if (!target.equals(failed) && target.adapter().continuesAssistantPrefix()) {
        options.add(target);
      }
    }
    if (options.isEmpty() || !(call.request().canonical() instanceof ChatRequest chat)) {
      throw broken;
    }
    current.close();
    continued = true;
    call.request().replace(withPrefix(chat, text.toString()));
    call.narrowTargets(options);
    LOG.log(
        Level.INFO,
        "request {0}: stream broke on {1} ({2}) after {3} characters; continuing elsewhere",
        new Object[] {call.requestId(), failed, broken.getClass().getSimpleName(), text.length()});
    Reply reply = next.proceed(call);
    if (!(reply instanceof Reply.Streaming streaming)) {
      throw broken;
    }
    current = streaming.stream();
    skipRole = true;
  }

  /** The request again, with the text already streamed as the assistant's unfinished answer. */
  static ChatRequest withPrefix(ChatRequest chat, String prefix) {
    List<Message> messages = new ArrayList<>(chat.messages());
    messages.add(
        new Message(
            Role.ASSISTANT,
            new MessageContent.Plain(prefix),
            null,
            List.of(),
            null,
            null,
            null,
            Json.object().put(ProviderAdapter.PREFIX, true)));
    return new ChatRequest(
        chat.model(),
        messages,
        chat.stream(),
        chat.includeUsage(),
        chat.maxTokens(),
        chat.maxCompletionTokens(),
        chat.temperature(),
        chat.topP(),
        chat.n(),
        chat.stop(),
        chat.tools(),
        chat.toolChoice(),
        chat.parallelToolCalls(),
        chat.responseFormat(),
        chat.user(),
        chat.extensions(),
        chat.format());
  }

  private void record(StreamItem item) {
    switch (item) {
      case ChatChunk chunk -> {
        for (ChunkChoice choice : chunk.choices()) {
          if (choice.index() == 0 && choice.delta().content() != null) {
            text.append(choice.delta().content());
          }
        }
      }
      case RelayedChunk relayed ->
          text.append(
              relayed.protocol() == WireProtocol.ANTHROPIC
                  ? anthropicText(relayed)
                  : relayedContent(relayed.data()));
      default -> {
        // completions are not continued
      }
    }
  }

  private static String relayedContent(byte[] data) {
    try {
      JsonNode content = Json.parse(data).path("choices").path(0).path("delta").path("content");
      return content.isTextual() ? content.asText() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The text of a relayed Anthropic event: a text delta's text, else nothing. */
  private static String anthropicText(RelayedChunk relayed) {
    if (!"content_block_delta".equals(relayed.event())) {
      return "";
    }
    try {
      JsonNode delta = Json.parse(relayed.data()).path("delta");
      return "text_delta".equals(delta.path("type").asText()) ? delta.path("text").asText() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The continuation's first chunk without its {@code role}: the client's stream already had it.
   */
  private static ChatChunk withoutRole(ChatChunk chunk) {
    List<ChunkChoice> choices = new ArrayList<>();
    for (ChunkChoice choice : chunk.choices()) {
      MessageDelta d = choice.delta();
      choices.add(
          new ChunkChoice(
              choice.index(),
              new MessageDelta(
                  null, d.content(), d.reasoning(), d.refusal(), d.toolCalls(), d.extensions()),
              choice.finishReason(),
              choice.logprobs()));
    }
    return chunk.withChoices(choices);
  }

  @Override
  public void close() {
    current.close();
  }
}
