package dev.modelgate.provider.openai;

import dev.modelgate.codec.OpenAiResponseCodec;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkCollector;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.Reply;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.common.AuthScheme;
import dev.modelgate.provider.common.AuthenticatedExchange;
import dev.modelgate.provider.common.HuggingFaceTokenizer;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Credential;
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
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/** Any OpenAI-compatible server; its differences come from an {@link OpenAiDialect}. */
final class OpenAiAdapter implements ProviderAdapter {
  private static final int MAX_BODY = 64 * 1024 * 1024;
  private static final int MAX_ERROR_BODY = 1024 * 1024;
  private static final Capabilities CAPABILITIES =
      new Capabilities(
          EnumSet.of(Operation.CHAT, Operation.COMPLETION, Operation.EMBEDDING),
          true,
          true,
          true,
          true,
          true,
          true);

  private final ProviderSettings settings;
  private final OpenAiDialect dialect;
  private final UpstreamClient client;
  private final String baseUrl;
  private final Map<Operation, URI> fixedUris = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<UpstreamRequest.Header> headers;
  private final @Nullable String apiVersion;
  private final AuthScheme scheme;
  private final @Nullable Credential credential;
  // The model's own tokenizer (option tokenizer), for usage a server leaves out.
  private final @Nullable ToLongFunction<String> tokenCounter;

  /**
   * @param apiVersion when set, requests go to Azure deployment URLs ({@code
   *     /openai/deployments/<model>/...?api-version=}) instead of {@code <base>/chat/completions}
   */
  OpenAiAdapter(
      ProviderSettings settings,
      OpenAiDialect dialect,
      UpstreamClient client,
      URI baseUrl,
      @Nullable String apiVersion) {
    this.settings = settings;
    this.dialect = dialect;
    this.client = client;
    String base = baseUrl.toString();
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.headers = headers(settings);
    this.scheme =
        dialect.auth().equals("api-key") ? new AuthScheme("api-key", "") : AuthScheme.BEARER;
    this.credential = dialect.auth().equals("none") ? null : settings.credential();
    this.apiVersion = apiVersion;
    this.tokenCounter = HuggingFaceTokenizer.counterFor(settings.options());
  }

  @Override
  public @Nullable ToLongFunction<String> tokenCounter() {
    return tokenCounter;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /** Inputs per embeddings request where the vendor documents a limit. */
  private static final Map<String, Integer> EMBEDDING_BATCH =
      Map.of("openai", 2048, "azure", 2048, "dashscope", 10);

  @Override
  public boolean continuesAssistantPrefix() {
    return AssistantPrefix.supported(dialect.name());
  }

  @Override
  public int maxEmbeddingBatch() {
    return EMBEDDING_BATCH.getOrDefault(dialect.name(), Integer.MAX_VALUE);
  }

  @Override
  public Reply send(Invocation invocation) {
    InboundRequest request = invocation.request();
    // A blocking chat call the server answers only as a stream is streamed, and collected.
    boolean blockingChat = !request.stream() && request.operation() == Operation.CHAT;
    boolean collect =
        blockingChat && dialect.streamOnly().model(dialect.modelSent(invocation.upstreamModel()));
    byte[] body =
        OpenAiRequestBodies.build(
            request, invocation.upstreamModel(), dialect, dialect.streamUsage(), collect);
    if (blockingChat
        && !collect
        && dialect.streamOnly().whenThinking()
        && OpenAiRequestBodies.asksToThink(body)) {
      collect = true;
      body =
          OpenAiRequestBodies.build(
              request, invocation.upstreamModel(), dialect, dialect.streamUsage(), true);
    }
    List<UpstreamRequest.Header> requestHeaders = headers;
    if (request.stream() || collect) {
      requestHeaders = new ArrayList<>(headers);
      requestHeaders.add(new UpstreamRequest.Header("Accept", "text/event-stream"));
    }
    URI uri = uri(request.operation(), invocation.upstreamModel());
    UpstreamResponse response =
        AuthenticatedExchange.post(
            client,
            uri,
            requestHeaders,
            body,
            credential,
            scheme,
            invocation.timeouts(),
            settings.name());
    try {
      int status = response.status();
      if (status < 200 || status >= 300) {
        byte[] error = response.readAll(MAX_ERROR_BODY);
        throw OpenAiErrors.fromStatus(status, error, response::header, settings.name());
      }
      OpenAiReplyShaper shaper = new OpenAiReplyShaper(dialect, invocation.publicModel());
      boolean relay = request.protocol() == WireProtocol.OPENAI;
      if (collect) {
        return new Reply.Complete(
            ChunkCollector.collect(
                new OpenAiStreamDecoder(response, shaper, false, invocation.publicModel())));
      }
      if (request.stream()) {
        return new Reply.Streaming(
            new OpenAiStreamDecoder(response, shaper, relay, invocation.publicModel()));
      }
      OpenAiReplyShaper.Shaped shaped = shaper.shape(response.readAll(MAX_BODY));
      byte[] json = shaped.json();
      response.close();
      if (relay) {
        return new Reply.Complete(new RelayedBody(WireProtocol.OPENAI, json, shaped.usage()));
      }
      if (request.operation() != Operation.CHAT) {
        throw new InvalidRequest("Only chat is available through this API", null);
      }
      ChatResponse typed = OpenAiResponseCodec.decodeChat(OpenAiReplyShaper.parse(json));
      return new Reply.Complete(typed);
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
  }

  private URI uri(Operation operation, String upstreamModel) {
    if (apiVersion == null) {
      // Parsed once per operation: URI.create on every call showed in the relay's CPU profile.
      return fixedUris.computeIfAbsent(operation, op -> URI.create(baseUrl + path(op)));
    }
    String deployment = URLEncoder.encode(upstreamModel, StandardCharsets.UTF_8);
    String version = URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
    return URI.create(
        baseUrl
            + "/openai/deployments/"
            + deployment
            + path(operation)
            + "?api-version="
            + version);
  }

  private static String path(Operation operation) {
    return switch (operation) {
      case CHAT -> "/chat/completions";
      case COMPLETION -> "/completions";
      case EMBEDDING -> "/embeddings";
      case RERANK -> "/rerank";
      case COUNT_TOKENS ->
          throw new InvalidRequest("count_tokens is not an OpenAI operation", null);
    };
  }

  private static List<UpstreamRequest.Header> headers(ProviderSettings settings) {
    List<UpstreamRequest.Header> out = new ArrayList<>();
    out.add(new UpstreamRequest.Header("Content-Type", "application/json"));
    out.addAll(settings.headers());
    return List.copyOf(out);
  }
}
