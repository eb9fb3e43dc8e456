package dev.modelgate.provider.ollama;

import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.EmbeddingRequest;
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
import java.net.URI;
import java.util.EnumSet;

/**
 * Ollama's native API: {@code /api/chat} and {@code /api/embed}. A key, if any, goes as a bearer
 * token.
 */
final class OllamaAdapter implements ProviderAdapter {
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.EMBEDDING), true, true, true, true, true, true);

  private final ProviderSettings settings;
  private final String base;
  private final JsonPost post;

  OllamaAdapter(ProviderSettings settings, UpstreamClient client, URI baseUrl) {
    this.settings = settings;
    this.base = JsonPost.root(baseUrl);
    this.post = JsonPost.of(client, settings, AuthScheme.BEARER);
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
    return post.to(URI.create(base + path), body, invocation.timeouts());
  }
}
