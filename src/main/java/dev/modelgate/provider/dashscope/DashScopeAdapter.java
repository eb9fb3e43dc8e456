package dev.modelgate.provider.dashscope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ChunkCollector;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.JsonPost;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.common.QwenStreamOnly;
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

/** Qwen through DashScope's native generation API. */
final class DashScopeAdapter implements ProviderAdapter {
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.EMBEDDING), true, true, true, true, false, true);

  private final ProviderSettings settings;
  private final String base;
  private final JsonPost post;
  private static final AuthScheme SCHEME = AuthScheme.BEARER;

  DashScopeAdapter(
      ProviderSettings settings,
      UpstreamClient client,
      URI baseUrl,
      List<UpstreamRequest.Header> extra) {
    this.settings = settings;
    this.base = JsonPost.root(baseUrl);
    this.post = JsonPost.of(client, settings, SCHEME, extra.toArray(UpstreamRequest.Header[]::new));
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /** text-embedding-v3 and v4 take at most 10 texts per request. */
  @Override
  public int maxEmbeddingBatch() {
    return 10;
  }

  private Reply embed(EmbeddingRequest embedding, Invocation invocation) {
    UpstreamResponse response =
        post.to(
            URI.create(base + "/services/embeddings/text-embedding/text-embedding"),
            Json.bytes(DashScopeEmbeddings.request(embedding, invocation.upstreamModel())),
            invocation.timeouts());
    return JsonReplies.complete(
        response,
        DashScopeErrors::fromStatus,
        settings.name(),
        json -> DashScopeEmbeddings.response(json, invocation.publicModel()));
  }

  @Override
  public Reply send(Invocation invocation) {
    CanonicalRequest canonical = invocation.request().canonical();
    if (canonical instanceof EmbeddingRequest embedding) {
      return embed(embedding, invocation);
    }
    if (!(canonical instanceof ChatRequest chat)) {
      throw new InvalidRequest("This DashScope upstream does chat and embeddings", "model");
    }
    boolean multimodal = DashScopeRequests.multimodal(chat);
    URI uri =
        URI.create(
            base
                + (multimodal
                    ? "/services/aigc/multimodal-generation/generation"
                    : "/services/aigc/text-generation/generation"));
    ObjectNode encoded = DashScopeRequests.encode(chat, invocation.upstreamModel(), multimodal);
    // A blocking call DashScope answers only as a stream is streamed, and the stream collected.
    boolean collect =
        !chat.stream()
            && (QwenStreamOnly.model(invocation.upstreamModel())
                || encoded.path("parameters").path("enable_thinking").asBoolean(false));
    if (collect) {
      ((ObjectNode) encoded.path("parameters")).put("incremental_output", true);
    }
    boolean streamed = chat.stream() || collect;
    List<UpstreamRequest.Header> streaming =
        streamed
            ? List.of(
                new UpstreamRequest.Header("X-DashScope-SSE", "enable"),
                new UpstreamRequest.Header("Accept", "text/event-stream"))
            : List.of();
    UpstreamResponse response = post.to(uri, streaming, Json.bytes(encoded), invocation.timeouts());
    Reply reply =
        JsonReplies.reply(
            response,
            streamed,
            DashScopeErrors::fromStatus,
            settings.name(),
            r -> new DashScopeStreamDecoder(r, invocation.publicModel()),
            json -> DashScopeResponses.decode(json, invocation.publicModel()));
    return collect && reply instanceof Reply.Streaming stream
        ? new Reply.Complete(ChunkCollector.collect(stream.stream()))
        : reply;
  }
}
