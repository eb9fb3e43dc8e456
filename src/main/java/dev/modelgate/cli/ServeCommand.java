package dev.modelgate.cli;

import dev.modelgate.auth.BootstrapKey;
import dev.modelgate.chain.CallListener;
import dev.modelgate.config.ConfigException;
import dev.modelgate.config.ConfigLoader;
import dev.modelgate.config.EmbeddedDefault;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.observe.AccessLogSettings;
import dev.modelgate.server.Gateway;
import dev.modelgate.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code modelgate serve}: run the gateway until stopped. */
@Command(
    name = "serve",
    description = {
      "Run the gateway.",
      "Without --config it runs the embedded default on 127.0.0.1:8080: the offline 'echo' model plus one",
      "upstream per provider key found in the environment (ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENAI_API_KEY,",
      "DEEPSEEK_API_KEY, DASHSCOPE_API_KEY, ZHIPUAI_API_KEY, MOONSHOT_API_KEY, SILICONFLOW_API_KEY)."
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      description = "YAML configuration file (reloaded when it changes).")
  @org.jspecify.annotations.Nullable
  Path config;

  @Option(
      names = "--host",
      description = "Listen address for the embedded default (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String host;

  @Option(
      names = "--port",
      description = "Port for the embedded default (default: ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--data-dir",
      description = "Data directory for the embedded default (default: ${DEFAULT-VALUE}).",
      defaultValue = "data")
  Path dataDir;

  @Option(
      names = "--access-log",
      description = {
        "Where access log lines go: stdout, none, or a file path; overrides",
        "observability.access_log.to (default: stdout). A file rolls over as",
        "observability.access_log says (100 MiB, 10 files kept, unless configured)."
      })
  @org.jspecify.annotations.Nullable
  String accessLog;

  @Override
  public Integer call() throws Exception {
    GatewayConfig settings;
    byte[] content = null;
    try {
      if (config != null) {
        content = Files.readAllBytes(config);
        settings = ConfigLoader.load(config, System::getenv);
      } else {
        String hash = BootstrapKey.ensure(dataDir, System.out);
        settings = EmbeddedDefault.build(System::getenv, dataDir, host, port, hash);
      }
    } catch (ConfigException e) {
      System.err.println("configuration refused:");
      e.problems().forEach(p -> System.err.println("  " + p));
      return 1;
    }
    Gateway gateway;
    try {
      gateway =
          Gateway.start(
              new Gateway.Options(
                  settings,
                  config,
                  content,
                  Duration.ofSeconds(1),
                  System::getenv,
                  accessLog(settings),
                  CallListener.NONE));
    } catch (ConfigException e) {
      System.err.println("configuration refused:");
      e.problems().forEach(p -> System.err.println("  " + p));
      return 1;
    } catch (StoreException e) {
      System.err.println("store: " + e.getMessage());
      return 1;
    }
    banner(settings, gateway);
    CountDownLatch stopped = new CountDownLatch(1);
    java.lang.Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  private AccessLog accessLog(GatewayConfig settings) throws IOException {
    AccessLogSettings configured = settings.accessLog();
    return AccessLog.open(
        accessLog == null ? configured : configured.to(accessLog), Clock.systemUTC());
  }

  private void banner(GatewayConfig settings, Gateway gateway) {
    int boundPort = gateway.port();
    String base = "http://" + settings.server().host() + ":" + boundPort;
    System.out.println(
        "ModelGate listening on "
            + base
            + "  ("
            + settings.upstreams().size()
            + " upstreams, "
            + settings.routes().size()
            + " routes)");
    if (gateway.adminPort() >= 0) {
      System.out.println(
          "Admin API on http://"
              + settings.admin().host()
              + ":"
              + gateway.adminPort()
              + settings.admin().path()
              + "/v1/keys");
    }
    if (config == null) {
      var detected = EmbeddedDefault.detected(System::getenv);
      System.out.println(
          "Providers from the environment: "
              + (detected.isEmpty() ? "none (only the offline echo model)" : detected));
      System.out.println("Try it:");
      System.out.println(
          "  curl " + base + "/v1/chat/completions -H \"Authorization: Bearer $MODELGATE_KEY\" \\");
      System.out.println("       -H 'Content-Type: application/json' \\");
      System.out.println(
          "       -d '{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}'");
    }
  }
}
