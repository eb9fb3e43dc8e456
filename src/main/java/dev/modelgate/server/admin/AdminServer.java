package dev.modelgate.server.admin;

import dev.modelgate.admin.AdminTokens;
import dev.modelgate.admin.KeyAdministration;
import dev.modelgate.config.AdminSettings;
import dev.modelgate.store.AuditLog;
import dev.modelgate.store.UsageStore;
import io.helidon.webserver.WebServer;
import java.time.Clock;
import java.time.Duration;

/**
 * The admin API's own listener (not the API port, so it can stay on a private interface): every
 * endpoint under the configured path prefix, every request authenticated by an admin token.
 */
public final class AdminServer implements AutoCloseable {
  private final WebServer server;

  public AdminServer(
      AdminSettings settings,
      KeyAdministration keys,
      AuditLog auditLog,
      UsageStore usage,
      Clock clock) {
    AdminRequests requests = new AdminRequests(new AdminTokens(settings.tokens()));
    KeyEndpoints keyEndpoints = new KeyEndpoints(keys, requests, clock);
    AuditEndpoints auditEndpoints = new AuditEndpoints(auditLog, requests);
    UsageEndpoints usageEndpoints = new UsageEndpoints(usage, requests, clock);
    String base = settings.path().equals("/") ? "" : settings.path();
    this.server =
        WebServer.builder()
            .host(settings.host())
            .port(settings.port())
            .maxPayloadSize(1024 * 1024)
            .shutdownGracePeriod(Duration.ofSeconds(2))
            .routing(
                routing -> {
                  keyEndpoints.register(routing, base + "/v1/keys");
                  auditEndpoints.register(routing, base + "/v1/audit");
                  usageEndpoints.register(routing, base + "/v1/usage");
                })
            .build();
  }

  public AdminServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }
}
