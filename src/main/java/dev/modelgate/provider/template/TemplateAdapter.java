package dev.modelgate.provider.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.AnswerStream;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.AuthenticatedExchange;
import dev.modelgate.provider.common.JsonReplies;
import dev.modelgate.provider.common.PlainErrors;
import dev.modelgate.provider.common.TextOutput;
import dev.modelgate.provider.common.TokenEstimate;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A home-made model service, called the way its configuration says. A client that streams from a
 * service that does not gets the single answer as a stream.
 */
final class TemplateAdapter implements ProviderAdapter {
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.COMPLETION), true, false, false, false, false, true);

  private final ProviderSettings settings;
  private final UpstreamClient client;
  private final TemplateSpec spec;
  private final String base;
  private final TokenEstimate tokens;

  TemplateAdapter(
      ProviderSettings settings,
      UpstreamClient client,
      TemplateSpec spec,
      URI base,
      TokenEstimate tokens) {
    this.settings = settings;
    this.tokens = tokens;
    this.client = client;
    this.spec = spec;
    this.base = base.toString().replaceAll("/+$", "");
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Reply send(Invocation invocation) {
    CanonicalRequest request = invocation.request().canonical();
    boolean clientStreams = invocation.request().stream();
    TemplateSpec.StreamShape streamShape = spec.stream();
    boolean upstreamStreams = clientStreams && streamShape != null;
    ObjectNode vars =
        TemplateVariables.of(
            request, invocation.upstreamModel(), spec.promptFormat(), upstreamStreams);
    String prompt = vars.path("prompt").asText();
    TextOutput out =
        TextOutput.of(request instanceof ChatRequest, invocation.publicModel(), "tpl", tokens);
    String path = upstreamStreams && streamShape != null ? streamShape.path() : spec.path();
    UpstreamResponse response =
        AuthenticatedExchange.send(
            client,
            request(path, vars),
            settings.credential(),
            AuthScheme.BEARER,
            invocation.timeouts(),
            settings.name());
    Reply reply =
        JsonReplies.reply(
            response,
            upstreamStreams,
            PlainErrors::fromStatus,
            settings.name(),
            r -> new TemplateStreamDecoder(r, spec, out, prompt),
            json -> TemplateAnswers.whole(json, spec, prompt, out));
    if (clientStreams && reply instanceof Reply.Complete complete) {
      return new Reply.Streaming(asStream(complete.body()));
    }
    return reply;
  }

  private static dev.modelgate.model.ChunkStream asStream(ResponseBody body) {
    return body instanceof ChatResponse chat
        ? AnswerStream.of(chat)
        : AnswerStream.of((CompletionResponse) body);
  }

  private UpstreamRequest request(String path, ObjectNode vars) {
    URI uri = URI.create(base + path + query(vars));
    List<UpstreamRequest.Header> headers = new ArrayList<>(settings.headers());
    if (spec.method().equals("GET")) {
      return UpstreamRequest.get(uri, headers);
    }
    JsonNode body = spec.body() == null ? null : JsonTemplate.render(spec.body(), vars);
    byte[] bytes = body == null ? new byte[0] : Json.bytes(body);
    return UpstreamRequest.postJson(uri, headers, bytes);
  }

  private String query(ObjectNode vars) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> param : spec.query().entrySet()) {
      JsonNode single =
          JsonTemplate.render(Json.MAPPER.getNodeFactory().textNode(param.getValue()), vars);
      if (single == null) {
        continue;
      }
      out.append(out.isEmpty() ? '?' : '&')
          .append(encode(param.getKey()))
          .append('=')
          .append(encode(JsonTemplate.textOf(single)));
    }
    return out.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
