package dev.modelgate.provider.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.RerankRequest;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.AuthenticatedExchange;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.common.PlainErrors;
import dev.modelgate.provider.common.RerankAnswer;
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

/** One rerank upstream in its own format; a key, if any, goes as a bearer token. */
final class RerankAdapter implements ProviderAdapter {
  private static final Capabilities CAPABILITIES =
      new Capabilities(EnumSet.of(Operation.RERANK), false, false, false, false, false, false);

  private final ProviderSettings settings;
  private final UpstreamClient client;
  private final RerankFormat format;
  private final URI uri;
  private final List<UpstreamRequest.Header> headers;

  RerankAdapter(ProviderSettings settings, UpstreamClient client, RerankFormat format, URI uri) {
    this.settings = settings;
    this.client = client;
    this.format = format;
    this.uri = uri;
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
    if (!(invocation.request().canonical() instanceof RerankRequest request)) {
      throw new InvalidRequest("A rerank upstream only reranks", "model");
    }
    if (request.documents().isEmpty()) {
      return new Reply.Complete(
          RerankAnswer.of(id(), invocation.publicModel(), request, List.of(), null));
    }
    return JsonReplies.complete(
        AuthenticatedExchange.post(
            client,
            uri,
            headers,
            Json.bytes(format.body(request, invocation.upstreamModel())),
            settings.credential(),
            AuthScheme.BEARER,
            invocation.timeouts(),
            settings.name()),
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
