package dev.modelgate.config;

import dev.modelgate.codec.OpenAiRequestCodec;
import dev.modelgate.codec.RequestScan;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.spi.HealthProbe;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.route.HealthCheck;
import dev.modelgate.route.HealthMonitor;
import dev.modelgate.route.TargetHealth;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds an upstream's health check from its configuration: a GET of its readiness path, the
 * adapter's own {@link HealthProbe} where it has one, or a smallest possible real request (one
 * token of chat, or one embedding) to a model a route sends it.
 */
final class HealthChecks {
  private HealthChecks() {}

  /** Every configured check, or the problems of those that cannot be built. */
  static List<HealthCheck> all(
      GatewayConfig config,
      Map<String, ProviderAdapter> adapters,
      Map<String, UpstreamClient> upstreamClients,
      HealthMonitor monitor) {
    List<HealthCheck> checks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < config.upstreams().size(); i++) {
      GatewayConfig.Upstream upstream = config.upstreams().get(i);
      GatewayConfig.HealthCheckSpec spec = upstream.healthCheck();
      if (spec == null) {
        continue;
      }
      try {
        checks.add(
            HealthChecks.of(
                upstream,
                spec,
                Objects.requireNonNull(adapters.get(upstream.name())),
                upstreamClients.get(upstream.name()),
                routedModel(config, upstream.name())));
      } catch (IllegalArgumentException e) {
        problems.add("upstreams[" + i + "]." + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return List.copyOf(checks);
  }

  /** The shared state of each checked upstream. */
  static Map<String, TargetHealth> states(List<HealthCheck> checks, HealthMonitor monitor) {
    Map<String, TargetHealth> out = new HashMap<>();
    checks.forEach(check -> out.put(check.upstream(), monitor.healthOf(check.upstream())));
    return out;
  }

  /** A concrete model name some route sends to the upstream (wildcards cannot be probed). */
  private static @Nullable String routedModel(GatewayConfig config, String upstream) {
    for (GatewayConfig.RouteSpec route : config.routes()) {
      for (GatewayConfig.TargetSpec target : route.targets()) {
        if (target.upstream().equals(upstream) && !target.model().contains("*")) {
          return target.model();
        }
      }
    }
    return null;
  }

  /**
   * The check, or an {@link IllegalArgumentException} naming what is missing.
   *
   * @param model a model name a route uses on this upstream, or null when none does
   */
  static HealthCheck of(
      GatewayConfig.Upstream upstream,
      GatewayConfig.HealthCheckSpec spec,
      ProviderAdapter adapter,
      @Nullable UpstreamClient client,
      @Nullable String model) {
    Timeouts timeouts =
        new Timeouts(spec.timeout(), spec.timeout(), spec.timeout(), spec.timeout());
    HealthCheck.Probe probe;
    if (spec.path() != null) {
      if (client == null || upstream.baseUrl() == null) {
        throw new IllegalArgumentException(
            "health_check.path: needs an upstream with a base_url to call");
      }
      // An absolute path on the upstream's host: readiness endpoints (vLLM's /health, Triton's
      // /v2/health/ready) sit at the server's root, not under the API's /v1.
      URI uri = upstream.baseUrl().resolve(spec.path());
      List<UpstreamRequest.Header> headers =
          upstream.headers().entrySet().stream()
              .map(e -> new UpstreamRequest.Header(e.getKey(), e.getValue()))
              .toList();
      probe = () -> get(client, UpstreamRequest.get(uri, headers), timeouts, upstream.name());
    } else if (adapter instanceof HealthProbe readiness) {
      // The server's own readiness (TGI, Triton): no generation spent on a check.
      probe =
          () -> {
            if (!readiness.ready(model, timeouts)) {
              throw new IOException("readiness endpoint answered not ready");
            }
          };
    } else {
      if (model == null) {
        throw new IllegalArgumentException(
            "health_check: give a path, or route a model to this upstream to probe with");
      }
      Invocation invocation = tinyRequest(adapter, model, timeouts);
      probe = () -> drain(adapter.send(invocation));
    }
    return new HealthCheck(
        upstream.name(), spec.interval(), spec.unhealthyAfter(), spec.healthyAfter(), probe);
  }

  private static void get(
      UpstreamClient client, UpstreamRequest request, Timeouts timeouts, String name)
      throws IOException {
    try (UpstreamResponse response = client.send(request, timeouts, name)) {
      if (response.status() < 200 || response.status() >= 300) {
        throw new IOException("readiness answered HTTP " + response.status());
      }
    }
  }

  private static Invocation tinyRequest(ProviderAdapter adapter, String model, Timeouts timeouts) {
    boolean chat = adapter.capabilities().supports(Operation.CHAT);
    if (!chat && !adapter.capabilities().supports(Operation.EMBEDDING)) {
      throw new IllegalArgumentException(
          "health_check.path: required for an upstream that does neither chat nor embeddings");
    }
    String json =
        chat
            ? "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}],\"max_tokens\":1}"
            : "{\"model\":\"%s\",\"input\":\"ping\"}";
    byte[] body =
        json.formatted(model.replace("\\", "\\\\").replace("\"", "\\\""))
            .getBytes(StandardCharsets.UTF_8);
    Operation operation = chat ? Operation.CHAT : Operation.EMBEDDING;
    RequestScan.Result scan = RequestScan.scan(body, operation);
    InboundRequest request =
        new InboundRequest(
            WireProtocol.OPENAI,
            operation,
            body,
            model,
            false,
            false,
            scan.keys(),
            chat ? OpenAiRequestCodec::decodeChat : OpenAiRequestCodec::decodeEmbedding,
            scan.modelStart(),
            scan.modelEnd());
    return new Invocation(request, model, model, timeouts);
  }

  private static void drain(Reply reply) {
    if (reply instanceof Reply.Streaming streaming) {
      streaming.stream().close();
    }
  }
}
