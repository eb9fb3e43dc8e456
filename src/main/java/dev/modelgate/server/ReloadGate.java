package dev.modelgate.server;

import dev.modelgate.admin.VaultServices;
import dev.modelgate.config.ConfigException;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.vault.VaultException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * What of a reloaded file can take effect, decided before it is swapped in: new vault master keys
 * are opened and used (the reload is refused when they do not open what is stored), and the
 * sections the gateway reads only at start are named in a warning when they changed, so an edit
 * that needs a restart does not pass unnoticed.
 */
final class ReloadGate {
  private static final Logger LOG = Logger.getLogger(ReloadGate.class.getName());

  private record StartOnly(String path, Function<GatewayConfig, @Nullable Object> part) {}

  private static final List<StartOnly> START_ONLY =
      List.of(
          new StartOnly("server.host", config -> config.server().host()),
          new StartOnly("server.port", config -> config.server().port()),
          new StartOnly("server.tls", config -> config.server().edge().tls()),
          new StartOnly(
              "server.max_header_bytes", config -> config.server().edge().maxHeaderBytes()),
          new StartOnly("server.connections", config -> config.server().edge().connections()),
          new StartOnly("store", GatewayConfig::store),
          new StartOnly("admin", GatewayConfig::admin),
          new StartOnly("shared", GatewayConfig::shared),
          new StartOnly("observability.tracing", GatewayConfig::tracing),
          new StartOnly("observability.metrics", GatewayConfig::metrics),
          new StartOnly("access_log", GatewayConfig::accessLog),
          new StartOnly("vault (switched on or off)", config -> config.vault().enabled()));

  private final @Nullable VaultServices vault;

  ReloadGate(@Nullable VaultServices vault) {
    this.vault = vault;
  }

  /** Called with the configuration in force and the compiled next one; throws to refuse it. */
  void check(GatewayConfig running, GatewayConfig next) {
    if (vault != null && next.vault().enabled()) {
      try {
        vault.useSettings(next.vault());
      } catch (VaultException e) {
        throw new ConfigException("vault: " + e.getMessage());
      }
    }
    List<String> changed = startOnlyChanges(running, next);
    if (!changed.isEmpty()) {
      LOG.warning(
          "configuration reloaded, but "
              + String.join(", ", changed)
              + " changed and "
              + (changed.size() == 1 ? "is" : "are")
              + " read only at start: the running values stay until a restart");
    }
  }

  /** The paths of the sections read only at start that differ between the two. */
  static List<String> startOnlyChanges(GatewayConfig running, GatewayConfig next) {
    List<String> changed = new ArrayList<>();
    for (StartOnly section : START_ONLY) {
      if (!Objects.equals(section.part().apply(running), section.part().apply(next))) {
        changed.add(section.path());
      }
    }
    return changed;
  }
}
