package dev.modelgate.provider.triton;

import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.ChatTemplates;
import dev.modelgate.provider.common.JsonPost;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.common.PlainErrors;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Triton's generate extension for chat and completions. No auth by default; a key, if any, goes as
 * a bearer token (Triton behind a proxy). Readiness: the server's and the model's.
 */
final class TritonAdapter implements ProviderAdapter, HealthProbe {
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.COMPLETION), true, false, false, false, false, true);

  private final ProviderSettings settings;
  private final String base;
  private final TritonLayout layout;
  private final ChatTemplates templates;
  private final TokenEstimate tokens;
  private final JsonPost post;

  TritonAdapter(
      ProviderSettings settings,
      UpstreamClient client,
      URI baseUrl,
      TritonLayout layout,
      ChatTemplates templates,
      TokenEstimate tokens) {
    this.settings = settings;
    this.tokens = tokens;
    this.base = JsonPost.root(baseUrl);
    this.layout = layout;
    this.templates = templates;
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
          generate(
              invocation,
              TritonRequests.chat(chat, templates.forModel(invocation.upstreamModel()), layout),
              chat.stream(),
              true);
      case CompletionRequest completion ->
          generate(
              invocation,
              TritonRequests.completion(completion, layout),
              completion.stream(),
              false);
      default ->
          throw new InvalidRequest("Triton's generate API does chat and completions only", "model");
    };
  }

  private Reply generate(
      Invocation invocation, TritonRequests.Generation generation, boolean stream, boolean chat) {
    URI uri =
        URI.create(model(invocation.upstreamModel()) + (stream ? "/generate_stream" : "/generate"));
    UpstreamResponse response = post.to(uri, Json.bytes(generation.body()), invocation.timeouts());
    TextOutput out = TextOutput.of(chat, invocation.publicModel(), "triton", tokens);
    return JsonReplies.reply(
        response,
        stream,
        PlainErrors::fromStatus,
        settings.name(),
        r -> new TritonStreamDecoder(r, out, generation.prompt(), layout),
        json -> {
          if (json.hasNonNull("error")) {
            throw TritonResponses.error(json);
          }
          return TritonResponses.whole(json, out, generation.prompt(), layout);
        });
  }

  /** Ready when the server is, and the model too when one is named. */
  @Override
  public boolean ready(@Nullable String model, Timeouts timeouts) {
    List<URI> uris = new ArrayList<>();
    uris.add(URI.create(base + "/v2/health/ready"));
    if (model != null) {
      uris.add(URI.create(model(model) + "/ready"));
    }
    return Readiness.allReady(post.client(), uris, settings, timeouts);
  }

  private String model(String name) {
    return base
        + "/v2/models/"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
