package dev.modelgate.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.codec.JsonSplice;
import dev.modelgate.codec.RelayScan;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.Reply;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.JsonPost;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamResponse;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;

/** Anthropic's Messages API behind the canonical chat model. */
final class AnthropicAdapter implements ProviderAdapter {
  private static final int MAX_BODY = 64 * 1024 * 1024;
  private static final int MAX_ERROR_BODY = 1024 * 1024;
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.COUNT_TOKENS), true, true, true, true, false, true);

  private final ProviderSettings settings;
  private final URI messagesUri;
  private final JsonPost post;
  private static final AuthScheme SCHEME = new AuthScheme("x-api-key", "");
  private final int defaultMaxTokens;

  AnthropicAdapter(
      ProviderSettings settings,
      UpstreamClient client,
      URI baseUrl,
      String version,
      int defaultMaxTokens) {
    this.settings = settings;
    String base = JsonPost.root(baseUrl);
    this.messagesUri =
        URI.create(base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages");
    this.defaultMaxTokens = defaultMaxTokens;
    this.post =
        JsonPost.of(
            client, settings, SCHEME, new UpstreamRequest.Header("anthropic-version", version));
  }

  /** Claude continues a final assistant message natively. */
  @Override
  public boolean continuesAssistantPrefix() {
    return true;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public boolean relays(WireProtocol protocol) {
    return protocol == WireProtocol.ANTHROPIC;
  }

  @Override
  public Reply send(Invocation invocation) {
    InboundRequest request = invocation.request();
    if (request.operation() == Operation.COUNT_TOKENS) {
      return countTokens(invocation, request);
    }
    if (request.relayableTo(WireProtocol.ANTHROPIC)) {
      return relay(invocation, request);
    }
    CanonicalRequest canonical = request.canonical();
    if (!(canonical instanceof ChatRequest chat)) {
      throw new InvalidRequest("Anthropic models only do chat", "model");
    }
    byte[] body =
        Json.bytes(AnthropicRequests.encode(chat, invocation.upstreamModel(), defaultMaxTokens));
    return JsonReplies.reply(
        exchange(body, chat.stream(), invocation),
        chat.stream(),
        AnthropicErrors::fromStatus,
        settings.name(),
        r -> new AnthropicStreamDecoder(r, invocation.publicModel()),
        json -> AnthropicResponses.decode(json, invocation.publicModel()));
  }

  /**
   * An Anthropic client's request to Claude: body and answer pass as they are, but the model name.
   */
  private Reply relay(Invocation invocation, InboundRequest request) {
    byte[] body = JsonSplice.replaceModel(request, invocation.upstreamModel());
    UpstreamResponse response = exchange(body, request.stream(), invocation);
    try {
      if (request.stream()) {
        return new Reply.Streaming(new AnthropicRelayStream(response, invocation.publicModel()));
      }
      byte[] json;
      try {
        json =
            JsonSplice.replaceTopLevelString(
                response.readAll(MAX_BODY), "model", invocation.publicModel());
      } catch (IllegalArgumentException e) {
        throw new UpstreamProtocol(
            "Upstream " + settings.name() + " sent JSON that does not parse", e);
      }
      response.close();
      JsonNode usage = RelayScan.topLevel(json, "usage");
      return new Reply.Complete(
          new RelayedBody(
              WireProtocol.ANTHROPIC,
              json,
              usage == null ? null : AnthropicResponses.usage(usage, null)));
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
  }

  /** {@code /v1/messages/count_tokens}, relayed to Claude for Anthropic clients. */
  private Reply countTokens(Invocation invocation, InboundRequest request) {
    if (!request.relayableTo(WireProtocol.ANTHROPIC)) {
      throw new InvalidRequest("count_tokens is only available through the Anthropic API", null);
    }
    byte[] body = JsonSplice.replaceModel(request, invocation.upstreamModel());
    URI uri = URI.create(messagesUri + "/count_tokens");
    UpstreamResponse response = post.to(uri, body, invocation.timeouts());
    try (UpstreamResponse ok =
        JsonReplies.ok(response, AnthropicErrors::fromStatus, settings.name())) {
      return new Reply.Complete(
          new RelayedBody(WireProtocol.ANTHROPIC, ok.readAll(MAX_ERROR_BODY), null));
    }
  }

  /** Sends the body; a non-2xx answer becomes the matching error. */
  private UpstreamResponse exchange(byte[] body, boolean stream, Invocation invocation) {
    List<UpstreamRequest.Header> accept =
        stream ? List.of(new UpstreamRequest.Header("Accept", "text/event-stream")) : List.of();
    UpstreamResponse response = post.to(messagesUri, accept, body, invocation.timeouts());
    return JsonReplies.ok(response, AnthropicErrors::fromStatus, settings.name());
  }
}
