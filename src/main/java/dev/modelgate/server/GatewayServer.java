package dev.modelgate.server;

import dev.modelgate.admin.RolloutAdmin;
import dev.modelgate.auth.AuthLockout;
import dev.modelgate.chain.CallListener;
import dev.modelgate.config.EdgeSettings;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.config.ShutdownSettings;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.observe.CallMetrics;
import dev.modelgate.observe.Metrics;
import dev.modelgate.observe.trace.GatewayTracing;
import dev.modelgate.policy.canary.RolloutStore;
import dev.modelgate.server.anthropic.AnthropicEndpoints;
import dev.modelgate.server.openai.OpenAiEndpoints;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The HTTP front: one Helidon listener serving every front door and the health endpoints. */
public final class GatewayServer implements AutoCloseable {
  private final WebServer server;
  private final @Nullable TlsReloader tlsReloader;
  private final ShutdownDrain drain = new ShutdownDrain();

  public GatewayServer(
      String host,
      int port,
      RuntimeHolder runtime,
      AccessLog accessLog,
      CallListener listener,
      Metrics metrics,
      RolloutStore rollouts,
      AuthLockout lockout,
      Duration filePollInterval,
      CallMetrics callMetrics,
      GatewayTracing tracing) {
    ApiCallHandler calls =
        new ApiCallHandler(
            runtime, accessLog, listener, new Authentication(lockout), drain, callMetrics, tracing);
    OpenAiEndpoints openai = new OpenAiEndpoints(calls, runtime);
    AnthropicEndpoints anthropic = new AnthropicEndpoints(calls);
    java.util.function.Function<String, FrontDoor> doorFor =
        path -> path.startsWith("/v1/messages") ? anthropic : openai;
    EdgeFilter edge = new EdgeFilter(runtime, lockout, doorFor);
    TransportErrors transportErrors = new TransportErrors(doorFor);
    RolloutAdmin admin = new RolloutAdmin(runtime, rollouts);
    EdgeSettings.Tls tlsSettings = runtime.get().config().server().edge().tls();
    EdgeSettings.Connections connections = runtime.get().config().server().edge().connections();
    TlsFiles tlsFiles = tlsSettings == null ? null : TlsFiles.read(tlsSettings);
    this.server =
        WebServer.builder()
            .update(
                builder -> {
                  if (tlsFiles != null) {
                    builder.tls(tlsFiles.tls());
                  }
                })
            .host(host)
            // Header limit: Helidon answers a larger head with 431 before any routing.
            .addProtocol(
                Http1Config.builder()
                    .maxHeadersSize(runtime.get().config().server().edge().maxHeaderBytes())
                    .build())
            .port(port)
            .directHandlers(
                handlers -> {
                  for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                    handlers.addHandler(type, transportErrors);
                  }
                })
            // Body limits are enforced per request (BodyReader) so the error has the API's shape.
            .maxPayloadSize(-1)
            .maxTcpConnections(connections.max() > 0 ? connections.max() : -1)
            .idleConnectionTimeout(connections.idleTimeout())
            .idleConnectionPeriod(idleCheckPeriod(connections.idleTimeout()))
            // Each stream event is a small write that must leave at once: no Nagle delay.
            .connectionOptions(options -> options.tcpNoDelay(true))
            // Gateway.close drains calls first (ShutdownDrain); by the time the server stops,
            // what is left is idle connections. Helidon's own SIGTERM hook would stop the listener
            // at once, before the drain: the CLI's hook stops the gateway instead.
            .shutdownGracePeriod(Duration.ofSeconds(5))
            .shutdownHook(false)
            .routing(
                routing -> {
                  routing.addFilter(edge);
                  HealthEndpoints.register(routing, runtime, drain);
                  AdminEndpoints.register(routing, metrics, admin);
                  anthropic.register(routing);
                  openai.register(routing);
                })
            .build();
    // The tls: section itself is read once; its files are watched.
    this.tlsReloader =
        tlsFiles == null ? null : new TlsReloader(tlsFiles, server, filePollInterval);
  }

  /** How often idle connections are looked for: a tenth of the timeout, 100 ms to 2 minutes. */
  static Duration idleCheckPeriod(Duration idleTimeout) {
    Duration tenth = idleTimeout.dividedBy(10);
    Duration floor = Duration.ofMillis(100);
    Duration ceiling = Duration.ofMinutes(2);
    return tenth.compareTo(floor) < 0 ? floor : tenth.compareTo(ceiling) > 0 ? ceiling : tenth;
  }

  public GatewayServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.port();
  }

  /** Readiness fails, then calls in flight get the drain timeout to finish (blocks until then). */
  public void drain(ShutdownSettings settings) {
    drain.drain(settings);
  }

  @Override
  public void close() {
    if (tlsReloader != null) {
      tlsReloader.close();
    }
    server.stop();
  }
}
