package dev.modelgate.provider.ollama;

import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.AuthenticatedExchange;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.common.PlainErrors;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Ollama's native API: {@code /api/chat} and {@code /api/embed}. A key, if any, goes as a bearer
 * token.
 */
final class OllamaAdapter implements ProviderAdapter {
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.EMBEDDING), true, true, true, true, true, true);

  private final ProviderSettings settings;
  private final UpstreamClient client;
  private final String base;
  private final List<UpstreamRequest.Header> headers;

  OllamaAdapter(ProviderSettings settings, UpstreamClient client, URI baseUrl) {
    this.settings = settings;
    this.client = client;
    this.base = baseUrl.toString().replaceAll("/+$", "");
    List<UpstreamRequest.Header> h = new ArrayList<>();
    h.add(new UpstreamRequest.Header("Content-Type", "application/json"));
    h.addAll(settings.headers());
    this.headers = List.copyOf(h);
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Reply send(Invocation invocation) {
    CanonicalRequest canonical = invocation.request().canonical();
    return switch (canonical) {
      case ChatRequest chat ->
          JsonReplies.reply(
              post(
                  "/api/chat",
                  Json.bytes(OllamaRequests.chat(chat, invocation.upstreamModel())),
                  invocation),
              chat.stream(),
              PlainErrors::fromStatus,
              settings.name(),
              r -> new OllamaStreamDecoder(r, invocation.publicModel()),
              json -> OllamaResponses.chat(json, invocation.publicModel()));
      case EmbeddingRequest embedding ->
          JsonReplies.complete(
              post(
                  "/api/embed",
                  Json.bytes(OllamaRequests.embed(embedding, invocation.upstreamModel())),
                  invocation),
              PlainErrors::fromStatus,
              settings.name(),
              json -> OllamaResponses.embed(json, invocation.publicModel()));
      default ->
          throw new InvalidRequest("Ollama's native API does chat and embeddings only", "model");
    };
  }

  private dev.modelgate.upstream.UpstreamResponse post(
      String path, byte[] body, Invocation invocation) {
    return AuthenticatedExchange.post(
        client,
        URI.create(base + path),
        headers,
        body,
        settings.credential(),
        AuthScheme.BEARER,
        invocation.timeouts(),
        settings.name());
  }
}
