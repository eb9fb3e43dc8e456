package dev.modelgate.provider.anthropic;

import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Anthropic's Messages API behind the canonical chat model. */
final class AnthropicAdapter implements ProviderAdapter {
  private static final int MAX_BODY = 64 * 1024 * 1024;
  private static final int MAX_ERROR_BODY = 1024 * 1024;
  private static final Capabilities CAPABILITIES =
      new Capabilities(EnumSet.of(Operation.CHAT), true, true, true, true, false, true);

  private final ProviderSettings settings;
  private final UpstreamClient client;
  private final URI messagesUri;
  private final List<UpstreamRequest.Header> headers;
  private final int defaultMaxTokens;

  AnthropicAdapter(
      ProviderSettings settings,
      UpstreamClient client,
      URI baseUrl,
      String version,
      int defaultMaxTokens) {
    this.settings = settings;
    this.client = client;
    String base = baseUrl.toString().replaceAll("/+$", "");
    this.messagesUri =
        URI.create(base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages");
    this.defaultMaxTokens = defaultMaxTokens;
    List<UpstreamRequest.Header> h = new ArrayList<>();
    h.add(new UpstreamRequest.Header("Content-Type", "application/json"));
    h.add(new UpstreamRequest.Header("anthropic-version", version));
    if (settings.credential() != null) {
      h.add(new UpstreamRequest.Header("x-api-key", settings.credential().value()));
    }
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
    if (!(canonical instanceof ChatRequest chat)) {
      throw new InvalidRequest("Anthropic models only do chat", "model");
    }
    byte[] body =
        Json.bytes(AnthropicRequests.encode(chat, invocation.upstreamModel(), defaultMaxTokens));
    List<UpstreamRequest.Header> requestHeaders = headers;
    if (chat.stream()) {
      requestHeaders = new ArrayList<>(headers);
      requestHeaders.add(new UpstreamRequest.Header("Accept", "text/event-stream"));
    }
    UpstreamResponse response =
        client.send(
            UpstreamRequest.postJson(messagesUri, requestHeaders, body),
            invocation.timeouts(),
            settings.name());
    try {
      int status = response.status();
      if (status < 200 || status >= 300) {
        throw AnthropicErrors.fromStatus(
            status, response.readAll(MAX_ERROR_BODY), response::header, settings.name());
      }
      if (chat.stream()) {
        return new Reply.Streaming(new AnthropicStreamDecoder(response, invocation.publicModel()));
      }
      byte[] json = response.readAll(MAX_BODY);
      response.close();
      try {
        return new Reply.Complete(
            AnthropicResponses.decode(Json.parse(json), invocation.publicModel()));
      } catch (IOException e) {
        throw new UpstreamProtocol(
            "Upstream " + settings.name() + " sent JSON that does not parse", e);
      }
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
  }
}
