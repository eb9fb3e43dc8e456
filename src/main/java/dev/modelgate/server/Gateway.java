package dev.modelgate.server;

import dev.modelgate.admin.KeyServices;
import dev.modelgate.admin.SsoAdmins;
import dev.modelgate.admin.VaultServices;
import dev.modelgate.auth.AuthLockout;
import dev.modelgate.chain.CallListener;
import dev.modelgate.chain.CallListeners;
import dev.modelgate.config.AdminSettings;
import dev.modelgate.config.ClientCache;
import dev.modelgate.config.ConfigWatcher;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.config.PolicyServices;
import dev.modelgate.config.Runtime;
import dev.modelgate.config.RuntimeCompiler;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.observe.CallMetrics;
import dev.modelgate.observe.Metrics;
import dev.modelgate.observe.trace.GatewayTracing;
import dev.modelgate.route.HealthMonitor;
import dev.modelgate.server.admin.AdminServer;
import dev.modelgate.shared.ChangeNudges;
import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.SharedLockouts;
import dev.modelgate.shared.SharedSettings;
import dev.modelgate.usage.UsageServices;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The assembled gateway: the store and its keys, the vault when configured, compiled configuration,
 * pooled clients, HTTP front, admin API when configured, access log and, when it came from a file,
 * the reload watcher. Everything is wired here by hand, in the order it starts.
 */
public final class Gateway implements AutoCloseable {
  private static final Duration CLIENT_GRACE = Duration.ofMinutes(15);

  private final ClientCache clients;
  private final PolicyServices services;
  private final RuntimeHolder runtime;
  private final AccessLog accessLog;
  private final GatewayServer server;
  private final @Nullable ConfigWatcher watcher;
  private final KeyServices keys;
  private final @Nullable VaultServices vault;
  private final @Nullable AdminServer admin;
  private final UsageServices usage;
  private final Metrics metrics;
  private final CallMetrics callMetrics;
  private final GatewayTracing tracing;
  private final @Nullable RedisLink shared;
  private final @Nullable ChangeNudges nudges;

  private Gateway(
      ClientCache clients,
      PolicyServices services,
      RuntimeHolder runtime,
      AccessLog accessLog,
      GatewayServer server,
      @Nullable ConfigWatcher watcher,
      KeyServices keys,
      @Nullable VaultServices vault,
      @Nullable AdminServer admin,
      UsageServices usage,
      Metrics metrics,
      CallMetrics callMetrics,
      GatewayTracing tracing,
      @Nullable RedisLink shared,
      @Nullable ChangeNudges nudges) {
    this.clients = clients;
    this.services = services;
    this.runtime = runtime;
    this.accessLog = accessLog;
    this.server = server;
    this.watcher = watcher;
    this.keys = keys;
    this.vault = vault;
    this.admin = admin;
    this.usage = usage;
    this.metrics = metrics;
    this.callMetrics = callMetrics;
    this.tracing = tracing;
    this.shared = shared;
    this.nudges = nudges;
  }

  /** How to start: the configuration, and where it came from if it should be watched. */
  public record Options(
      GatewayConfig config,
      @Nullable Path watchFile,
      byte @Nullable [] watchedContent,
      Duration watchInterval,
      Function<String, @Nullable String> env,
      AccessLog accessLog,
      CallListener listener) {}

  public static Gateway start(Options options) {
    return start(options, Clock.systemUTC());
  }

  /**
   * Starts with {@code clock} for key expiry and rotation grace. The store, the admin listener and
   * the link to Redis are set up once: changing them in the file needs a restart.
   */
  public static Gateway start(Options options, Clock clock) {
    Metrics metrics = new Metrics(options.config().metrics());
    try {
      SharedSettings sharedSettings = options.config().shared();
      RedisLink shared =
          sharedSettings.enabled() ? RedisLink.start(sharedSettings, metrics.registry()) : null;
      return closingOnFailure(
          shared,
          () -> {
            ChangeNudges nudges = shared == null ? null : ChangeNudges.start(shared);
            return closingOnFailure(
                nudges, () -> start(options, clock, new Shared(metrics, shared, nudges)));
          });
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
  }

  /** The meters, and the link to Redis with its change nudges (both null without Redis). */
  private record Shared(Metrics metrics, @Nullable RedisLink link, @Nullable ChangeNudges nudges) {
    /** Tells the other instances that {@code topic} changed; nothing without Redis. */
    Runnable nudge(String topic) {
      ChangeNudges to = nudges;
      return to == null ? () -> {} : () -> to.publish(topic, "-");
    }

    void on(String topic, java.util.function.Consumer<String> refresh) {
      if (nudges != null) {
        nudges.on(topic, refresh);
      }
    }
  }

  private static Gateway start(Options options, Clock clock, Shared shared) {
    KeyServices keys =
        KeyServices.start(options.config().store(), clock, shared.nudge(ChangeNudges.KEYS));
    UsageServices usage = null;
    try {
      usage =
          UsageServices.start(
              options.config().usage().spool(), keys.usageStore(), clock, shared.link());
      return start(options, clock, keys, usage, shared);
    } catch (RuntimeException e) {
      if (usage != null) {
        usage.close();
      }
      keys.close();
      throw e;
    }
  }

  private static Gateway start(
      Options options, Clock clock, KeyServices keys, UsageServices usage, Shared shared) {
    VaultServices vault =
        options.config().vault().enabled()
            ? VaultServices.start(
                keys,
                options.config().vault(),
                options.config().store().refreshInterval(),
                options.env(),
                clock,
                shared.nudge(ChangeNudges.VAULT))
            : null;
    return closingOnFailure(vault, () -> start(options, clock, keys, usage, vault, shared));
  }

  /** What {@code next} starts, or, when it fails, {@code opened} closed and the failure thrown. */
  private static Gateway closingOnFailure(
      @Nullable AutoCloseable opened, java.util.function.Supplier<Gateway> next) {
    try {
      return next.get();
    } catch (RuntimeException e) {
      if (opened != null) {
        try {
          opened.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static Gateway start(
      Options options,
      Clock clock,
      KeyServices keys,
      UsageServices usage,
      @Nullable VaultServices vault,
      Shared shared) {
    ClientCache clients = new ClientCache(CLIENT_GRACE);
    Metrics metrics = shared.metrics();
    usage.meters().bindTo(metrics.registry());
    PolicyServices services =
        PolicyServices.of(clock, metrics.registry(), usage.ledger(), shared.link());
    HealthMonitor health = services.health();
    RuntimeCompiler compiler =
        new RuntimeCompiler(clients, services, keys.live(), vault == null ? null : vault.vault());
    String source =
        options.watchFile() == null ? "embedded default" : options.watchFile().toString();
    Runtime initial = compiler.compile(options.config(), source);
    RuntimeHolder holder = new RuntimeHolder(initial, next -> health.watch(next.healthChecks()));
    GatewayConfig.Server listen = options.config().server();
    CallMetrics callMetrics = new CallMetrics(metrics.registry());
    GatewayTracing tracing =
        GatewayTracing.start(
            options.config().tracing(),
            new CapturedContentRedactor(() -> holder.get().config().checks()));
    GatewayServer server =
        new GatewayServer(
                listen.host(),
                listen.port(),
                holder,
                options.accessLog(),
                CallListeners.of(
                    options.listener(),
                    usage.recorder(
                        () -> holder.get().config().usage(),
                        endpoint -> providerType(holder.get().config(), endpoint),
                        (call, currency, cost) ->
                            callMetrics.cost(call, currency, cost.doubleValue()))),
                metrics,
                services.rollouts(),
                new AuthLockout(
                    clock,
                    shared.link() == null ? AuthLockout.ALONE : new SharedLockouts(shared.link())),
                options.watchInterval(),
                callMetrics,
                tracing)
            .start();
    ConfigWatcher watcher = null;
    if (options.watchFile() != null && options.watchedContent() != null) {
      ChangeNudges nudges = shared.nudges();
      watcher =
          new ConfigWatcher(
              options.watchFile(),
              options.watchedContent(),
              options.env(),
              holder,
              compiler,
              clients,
              options.watchInterval(),
              new ReloadGate(vault)::check,
              nudges == null
                  ? sha256 -> {}
                  : sha256 -> nudges.publish(ChangeNudges.CONFIG, sha256));
      shared.on(ChangeNudges.CONFIG, watcher::nudged);
    }
    shared.on(ChangeNudges.KEYS, detail -> keys.refresh());
    if (vault != null) {
      shared.on(ChangeNudges.VAULT, detail -> vault.refresh());
    }
    AdminSettings adminSettings = options.config().admin();
    AdminServer admin = null;
    if (adminSettings.enabled()) {
      try {
        admin =
            new AdminServer(
                    adminSettings,
                    keys,
                    vault == null ? null : vault.administration(),
                    usage.store(),
                    clock,
                    tracing.recent(),
                    new SsoAdmins(() -> holder.get().authenticator().jwt()))
                .start();
      } catch (RuntimeException e) {
        server.close();
        tracing.close();
        throw e;
      }
    }
    return new Gateway(
        clients,
        services,
        holder,
        options.accessLog(),
        server,
        watcher,
        keys,
        vault,
        admin,
        usage,
        metrics,
        callMetrics,
        tracing,
        shared.link(),
        shared.nudges());
  }

  private static @Nullable String providerType(GatewayConfig config, String upstream) {
    for (GatewayConfig.Upstream candidate : config.upstreams()) {
      if (candidate.name().equals(upstream)) {
        return candidate.type();
      }
    }
    return null;
  }

  /** The usage side: the spool's drainer and the store's usage records (tests, the CLI). */
  public UsageServices usage() {
    return usage;
  }

  public int port() {
    return server.port();
  }

  /** The admin API's port; -1 when it is off. */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  public RuntimeHolder runtime() {
    return runtime;
  }

  /** The tracer (traces of recent requests, extra exporters). */
  public GatewayTracing tracing() {
    return tracing;
  }

  /** The request meters; the usage records add cost through it. */
  public CallMetrics callMetrics() {
    return callMetrics;
  }

  /** The link to the shared Redis; null when {@code shared.redis} is not configured. */
  public @Nullable RedisLink shared() {
    return shared;
  }

  public @Nullable ConfigWatcher watcher() {
    return watcher;
  }

  /**
   * Stops after draining: readiness fails at once, calls in flight (streams included) get {@code
   * server.shutdown.drain_timeout} to finish, then the listeners close.
   */
  @Override
  public void close() {
    server.drain(runtime.get().config().server().shutdown());
    if (watcher != null) {
      watcher.close();
    }
    if (admin != null) {
      admin.close();
    }
    server.close();
    if (vault != null) {
      vault.close();
    }
    usage.close(); // after the server: every finished call is spooled; before the store closes
    keys.close();
    if (nudges != null) {
      nudges.close();
    }
    if (shared != null) {
      shared.close(); // after the server: calls in flight settle their shared counters
    }
    services.close(); // health checks, rate-limit lease renewal
    clients.close();
    accessLog.close();
    tracing.close();
    metrics.close();
  }
}
