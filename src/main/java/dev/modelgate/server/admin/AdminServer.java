package dev.modelgate.server.admin;

import dev.modelgate.admin.AdminTokens;
import dev.modelgate.admin.AdminWrites;
import dev.modelgate.admin.KeyServices;
import dev.modelgate.admin.LogLevels;
import dev.modelgate.admin.SsoAdmins;
import dev.modelgate.admin.StoredAudit;
import dev.modelgate.admin.VaultAdministration;
import dev.modelgate.auth.AuthLockout;
import dev.modelgate.config.AdminSettings;
import dev.modelgate.observe.trace.RecentTraces;
import dev.modelgate.store.UsageStore;
import io.helidon.webserver.WebServer;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's own listener (not the API port, so it can stay on a private interface): every
 * endpoint under the configured path prefix, every request but the login authenticated by an admin
 * API token, a login session's token or an identity provider's JWT that grants an admin role.
 */
public final class AdminServer implements AutoCloseable {
  private final WebServer server;

  /** With {@code vault}, also {@code /v1/credentials} (when the vault is configured). */
  public AdminServer(
      AdminSettings settings,
      KeyServices store,
      @Nullable VaultAdministration vault,
      UsageStore usage,
      Clock clock,
      RecentTraces traces,
      SsoAdmins sso) {
    AdminRequests requests =
        new AdminRequests(new AdminTokens(settings.tokens()), store.sessions(), sso);
    KeyEndpoints keyEndpoints = new KeyEndpoints(store.keys(), requests, clock);
    AuditEndpoints auditEndpoints = new AuditEndpoints(store.auditLog(), requests);
    UserEndpoints userEndpoints =
        new UserEndpoints(store.users(), store.sessions(), requests, new AuthLockout(clock));
    CredentialEndpoints credentialEndpoints =
        vault == null ? null : new CredentialEndpoints(vault, requests, clock);
    UsageEndpoints usageEndpoints = new UsageEndpoints(usage, requests, clock);
    LogLevels levels =
        new LogLevels(new AdminWrites(new StoredAudit(store.auditLog(), clock), () -> {}));
    ObservabilityEndpoints observability = new ObservabilityEndpoints(traces, levels, requests);
    String base = settings.path().equals("/") ? "" : settings.path();
    this.server =
        WebServer.builder()
            .host(settings.host())
            .port(settings.port())
            .maxPayloadSize(1024 * 1024)
            .shutdownGracePeriod(Duration.ofSeconds(2))
            .shutdownHook(false) // Gateway.close stops it, after the drain
            .routing(
                routing -> {
                  keyEndpoints.register(routing, base + "/v1/keys");
                  auditEndpoints.register(routing, base + "/v1/audit");
                  userEndpoints.register(routing, base);
                  if (credentialEndpoints != null) {
                    credentialEndpoints.register(routing, base + "/v1/credentials");
                    credentialEndpoints.registerMasterKey(routing, base + "/v1/vault");
                  }
                  usageEndpoints.register(routing, base + "/v1/usage");
                  observability.register(routing, base);
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
