package dev.modelgate.provider.tgi;

import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.ChatTemplates;
import dev.modelgate.provider.common.JsonPost;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.common.Readiness;
import dev.modelgate.provider.common.TextOutput;
import dev.modelgate.provider.common.TokenEstimate;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.HealthProbe;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * TGI's native API ({@code /generate}, {@code /generate_stream}) for chat and completions, and a
 * TEI server's {@code /embed} for embeddings. A key, if any, goes as a bearer token (TGI and TEI
 * behind a proxy, or Hugging Face Inference Endpoints).
 */
final class TgiAdapter implements ProviderAdapter, HealthProbe {
  /** TEI's default {@code --max-client-batch-size}. */
  private static final int TEI_BATCH = 32;

  private final ProviderSettings settings;
  private final @Nullable String generateBase;
  private final @Nullable String embedBase;
  private final ChatTemplates templates;
  private final TokenEstimate tokens;
  private final JsonPost post;
  private final Capabilities capabilities;

  /**
   * @param generateBase the TGI server, or null for a TEI-only endpoint
   * @param embedBase the TEI server, or null when this endpoint does no embeddings
   */
  TgiAdapter(
      ProviderSettings settings,
      UpstreamClient client,
      @Nullable URI generateBase,
      @Nullable URI embedBase,
      ChatTemplates templates,
      TokenEstimate tokens) {
    this.settings = settings;
    this.tokens = tokens;
    this.generateBase = generateBase == null ? null : trim(generateBase);
    this.embedBase = embedBase == null ? null : trim(embedBase);
    this.templates = templates;
    this.post = JsonPost.of(client, settings, AuthScheme.BEARER);
    Set<Operation> operations = EnumSet.noneOf(Operation.class);
    if (generateBase != null) {
      operations.add(Operation.CHAT);
      operations.add(Operation.COMPLETION);
    }
    if (embedBase != null) {
      operations.add(Operation.EMBEDDING);
    }
    this.capabilities =
        new Capabilities(operations, generateBase != null, false, false, false, true, true);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public int maxEmbeddingBatch() {
    return TEI_BATCH;
  }

  @Override
  public Reply send(Invocation invocation) {
    CanonicalRequest canonical = invocation.request().canonical();
    return switch (canonical) {
      case ChatRequest chat when generateBase != null ->
          generate(
              invocation,
              TgiRequests.chat(chat, templates.forModel(invocation.upstreamModel())),
              chat.stream(),
              true);
      case CompletionRequest completion when generateBase != null ->
          generate(invocation, TgiRequests.completion(completion), completion.stream(), false);
      case EmbeddingRequest embedding when embedBase != null -> embed(invocation, embedding);
      default ->
          throw new InvalidRequest(
              "Upstream " + settings.name() + " does not serve " + invocation.request().operation(),
              "model");
    };
  }

  private Reply generate(
      Invocation invocation, TgiRequests.Generation generation, boolean stream, boolean chat) {
    String path = stream ? "/generate_stream" : "/generate";
    UpstreamResponse response =
        post(generateBase + path, Json.bytes(generation.body()), invocation);
    TextOutput out = TextOutput.of(chat, invocation.publicModel(), "tgi", tokens);
    return JsonReplies.reply(
        response,
        stream,
        TgiErrors::fromStatus,
        settings.name(),
        r -> new TgiStreamDecoder(r, out, generation.prompt()),
        json -> TgiResponses.whole(json, out, generation.prompt(), response::header));
  }

  private Reply embed(Invocation invocation, EmbeddingRequest embedding) {
    UpstreamResponse response =
        post(embedBase + "/embed", Json.bytes(TgiEmbeddings.request(embedding)), invocation);
    return JsonReplies.reply(
        response,
        false,
        TgiErrors::fromStatus,
        settings.name(),
        r -> {
          throw new IllegalStateException("embeddings do not stream");
        },
        json ->
            TgiEmbeddings.response(json, embedding, invocation.publicModel(), response::header));
  }

  /** Ready when TGI's and TEI's {@code GET /health} (whichever this endpoint uses) answer 200. */
  @Override
  public boolean ready(@Nullable String model, Timeouts timeouts) {
    List<URI> uris = new ArrayList<>();
    for (String base : new String[] {generateBase, embedBase}) {
      if (base != null && uris.stream().noneMatch(u -> u.toString().equals(base + "/health"))) {
        uris.add(URI.create(base + "/health"));
      }
    }
    return Readiness.allReady(post.client(), uris, settings, timeouts);
  }

  private UpstreamResponse post(String uri, byte[] body, Invocation invocation) {
    return post.to(URI.create(uri), body, invocation.timeouts());
  }

  private static String trim(URI uri) {
    return JsonPost.root(uri);
  }
}
