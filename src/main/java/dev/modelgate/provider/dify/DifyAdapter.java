package dev.modelgate.provider.dify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkCollector;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.JsonPost;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.common.PlainErrors;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Dify app as a chat model. Chat apps answer blocking or streaming as the client asked; agent
 * apps only stream, so a blocking client gets the stream collected; workflows take the message as
 * an input variable. Conversations continue as {@link DifySpec.Continuity} says; a conversation
 * Dify no longer knows is started afresh with the history folded into the query.
 */
final class DifyAdapter implements ProviderAdapter {
  private static final Capabilities CAPABILITIES =
      new Capabilities(EnumSet.of(Operation.CHAT), true, false, false, true, false, true);

  private final ProviderSettings settings;
  private final DifySpec spec;
  private final String base;
  private final JsonPost post;
  private final DifyConversations conversations = new DifyConversations();

  DifyAdapter(ProviderSettings settings, UpstreamClient client, DifySpec spec, URI base) {
    this.settings = settings;
    this.spec = spec;
    this.base = JsonPost.root(base);
    this.post = JsonPost.of(client, settings, AuthScheme.BEARER);
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Reply send(Invocation invocation) {
    if (!(invocation.request().canonical() instanceof ChatRequest chat)) {
      throw new InvalidRequest("A Dify app answers chat requests only", "model");
    }
    DifyTurn turn = DifyTurn.of(chat, spec);
    String conversation = knownConversation(chat, turn);
    try {
      return call(invocation, chat, turn, conversation);
    } catch (UpstreamRejected e) {
      if (conversation == null || e.status() != 404) {
        throw e;
      }
      conversations.forget(turn.user(), turn.history());
      return call(invocation, chat, turn, null);
    }
  }

  private @Nullable String knownConversation(ChatRequest chat, DifyTurn turn) {
    return switch (spec.conversation()) {
      case HISTORY -> conversations.find(turn.user(), turn.history());
      case FIELD -> {
        JsonNode id = chat.extensions() == null ? null : chat.extensions().get("conversation_id");
        yield id != null && id.isTextual() && !id.asText().isEmpty() ? id.asText() : null;
      }
      case NONE -> null;
    };
  }

  private Reply call(
      Invocation invocation, ChatRequest chat, DifyTurn turn, @Nullable String conversation) {
    boolean workflow = spec.appType() == DifySpec.AppType.WORKFLOW;
    boolean upstreamStreams = chat.stream() || spec.appType() == DifySpec.AppType.AGENT;
    byte[] body =
        workflow
            ? turn.workflowBody(spec, DifyTurn.clientInputs(chat), upstreamStreams)
            : turn.chatBody(spec, DifyTurn.clientInputs(chat), conversation, upstreamStreams);
    String query = turn.query(workflow || conversation == null);
    UpstreamResponse response =
        post.to(
            URI.create(base + (workflow ? "/workflows/run" : "/chat-messages")),
            body,
            invocation.timeouts());
    Reply reply =
        JsonReplies.reply(
            response,
            upstreamStreams,
            PlainErrors::fromStatus,
            settings.name(),
            r ->
                new DifyStreamDecoder(
                    r,
                    invocation.publicModel(),
                    spec,
                    query,
                    settings.name(),
                    spec.conversation() == DifySpec.Continuity.FIELD,
                    (id, answer) -> remember(turn, id, answer)),
            json -> blocking(json, invocation.publicModel(), query, turn));
    if (!chat.stream() && reply instanceof Reply.Streaming streaming) {
      return new Reply.Complete(ChunkCollector.collect(streaming.stream()));
    }
    return reply;
  }

  private ChatResponse blocking(JsonNode json, String model, String query, DifyTurn turn) {
    String id = "chatcmpl-dify-" + Long.toHexString(System.nanoTime());
    if (spec.appType() == DifySpec.AppType.WORKFLOW) {
      JsonNode run = json.path("data");
      if (!"succeeded".equals(run.path("status").asText())) {
        throw DifyAnswers.failure(run, settings.name());
      }
      String answer = DifyAnswers.workflowAnswer(run.path("outputs"), spec);
      return DifyAnswers.response(
          id,
          model,
          answer,
          FinishReason.STOP,
          DifyAnswers.workflowUsage(run, query, answer),
          null);
    }
    String answer = json.path("answer").asText("");
    String conversation = json.path("conversation_id").asText(null);
    remember(turn, conversation, answer);
    return DifyAnswers.response(
        id,
        model,
        answer,
        FinishReason.STOP,
        DifyAnswers.chatUsage(json.path("metadata"), query, answer),
        spec.conversation() == DifySpec.Continuity.FIELD ? conversation : null);
  }

  private void remember(DifyTurn turn, @Nullable String conversation, String answer) {
    if (conversation != null && spec.conversation() == DifySpec.Continuity.HISTORY) {
      List<dev.modelgate.model.Message> exchanged = new ArrayList<>(turn.history());
      exchanged.add(turn.question());
      conversations.remember(turn.user(), exchanged, answer, conversation);
    }
  }
}
