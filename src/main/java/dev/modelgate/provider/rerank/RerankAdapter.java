package dev.modelgate.provider.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.RerankRequest;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.JsonPost;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.common.PlainErrors;
import dev.modelgate.provider.common.RerankAnswer;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;

/** One rerank upstream in its own format; a key, if any, goes as a bearer token. */
final class RerankAdapter implements ProviderAdapter {
  private static final Capabilities CAPABILITIES =
      new Capabilities(EnumSet.of(Operation.RERANK), false, false, false, false, false, false);

  private final ProviderSettings settings;
  private final RerankFormat format;
  private final URI uri;
  private final JsonPost post;

  RerankAdapter(ProviderSettings settings, UpstreamClient client, RerankFormat format, URI uri) {
    this.settings = settings;
    this.format = format;
    this.uri = uri;
    this.post = JsonPost.of(client, settings, AuthScheme.BEARER);
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Reply send(Invocation invocation) {
    if (!(invocation.request().canonical() instanceof RerankRequest request)) {
      throw new InvalidRequest("A rerank upstream only reranks", "model");
    }
    if (request.documents().isEmpty()) {
      return new Reply.Complete(
          RerankAnswer.of(id(), invocation.publicModel(), request, List.of(), null));
    }
    return JsonReplies.complete(
        post.to(
            uri,
            Json.bytes(format.body(request, invocation.upstreamModel())),
            invocation.timeouts()),
        PlainErrors::fromStatus,
        settings.name(),
        answer -> answer(answer, request, invocation.publicModel()));
  }

  private dev.modelgate.model.RerankResponse answer(
      JsonNode answer, RerankRequest request, String publicModel) {
    String upstreamId = Json.text(answer, "id");
    if (upstreamId == null) {
      upstreamId = Json.text(answer, "request_id");
    }
    return RerankAnswer.of(
        upstreamId != null ? upstreamId : id(),
        publicModel,
        request,
        format.scores(answer),
        RerankFormat.usage(answer));
  }

  private static String id() {
    return "rerank-" + Long.toHexString(System.nanoTime());
  }
}
