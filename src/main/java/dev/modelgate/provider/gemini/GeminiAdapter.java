package dev.modelgate.provider.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

/** Google's Gemini API behind the canonical chat model. */
final class GeminiAdapter implements ProviderAdapter {
  private static final int MAX_IMAGE = 20 * 1024 * 1024;
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.EMBEDDING), true, true, true, true, true, true);

  private final ProviderSettings settings;
  private final String base;
  private final JsonPost post;
  private static final AuthScheme SCHEME = new AuthScheme("x-goog-api-key", "");

  GeminiAdapter(ProviderSettings settings, UpstreamClient client, URI baseUrl) {
    this.settings = settings;
    this.base = JsonPost.root(baseUrl);
    this.post = JsonPost.of(client, settings, SCHEME);
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /** batchEmbedContents takes at most 100 requests. */
  @Override
  public int maxEmbeddingBatch() {
    return 100;
  }

  private Reply embed(EmbeddingRequest embedding, String model, Invocation invocation) {
    UpstreamResponse response =
        post.to(
            URI.create(base + "/models/" + model + ":batchEmbedContents"),
            Json.bytes(GeminiEmbeddings.request(embedding, invocation.upstreamModel())),
            invocation.timeouts());
    return JsonReplies.complete(
        response,
        GeminiErrors::fromStatus,
        settings.name(),
        json -> GeminiEmbeddings.response(json, embedding, invocation.publicModel()));
  }

  /**
   * Fetches an image the client gave by URL and inlines it (through the same pool, proxy and TLS).
   */
  private ObjectNode inline(String url, Invocation invocation) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest("Invalid image URL", "messages");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new InvalidRequest("Image URLs must be http(s) or data URLs", "messages");
    }
    try (UpstreamResponse image =
        post.client()
            .send(
                UpstreamRequest.get(uri, List.of()),
                invocation.timeouts(),
                "image " + uri.getHost())) {
      if (image.status() != 200) {
        throw new InvalidRequest(
            "The image at " + url + " could not be fetched (HTTP " + image.status() + ")",
            "messages");
      }
      byte[] bytes = image.readAll(MAX_IMAGE);
      String type = image.header("Content-Type");
      ObjectNode part = Json.object();
      part.putObject("inlineData")
          .put("mimeType", type == null ? "image/jpeg" : type.split(";")[0].strip())
          .put("data", Base64.getEncoder().encodeToString(bytes));
      return part;
    }
  }

  @Override
  public Reply send(Invocation invocation) {
    CanonicalRequest canonical = invocation.request().canonical();
    String model = URLEncoder.encode(invocation.upstreamModel(), StandardCharsets.UTF_8);
    if (canonical instanceof EmbeddingRequest embedding) {
      return embed(embedding, model, invocation);
    }
    if (!(canonical instanceof ChatRequest chat)) {
      throw new InvalidRequest("This Gemini upstream does chat and embeddings", "model");
    }
    URI uri =
        URI.create(
            base
                + "/models/"
                + model
                + (chat.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent"));
    byte[] body = Json.bytes(GeminiRequests.encode(chat, model, url -> inline(url, invocation)));
    UpstreamResponse response = post.to(uri, body, invocation.timeouts());
    return JsonReplies.reply(
        response,
        chat.stream(),
        GeminiErrors::fromStatus,
        settings.name(),
        r -> new GeminiStreamDecoder(r, invocation.publicModel()),
        json -> GeminiResponses.decode(json, invocation.publicModel()));
  }
}
