package dev.modelgate.cli;

import dev.modelgate.config.ClientCache;
import dev.modelgate.config.ConfigException;
import dev.modelgate.config.ConfigLoader;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.config.RuntimeCompiler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modelgate config check FILE}: validate a configuration without starting. */
@Command(
    name = "config",
    description = "Configuration files.",
    subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Loads, validates and compiles a file, printing every problem with its path. */
  @Command(
      name = "check",
      description = "Validate a configuration file (exit 0 when it is usable, 1 when not).")
  public static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The YAML configuration file.")
    Path file;

    @Override
    public Integer call() {
      try (ClientCache clients = new ClientCache(Duration.ZERO)) {
        GatewayConfig config = ConfigLoader.load(file, System::getenv);
        new RuntimeCompiler(clients).compile(config, file.toString());
        System.out.println(
            file
                + ": OK ("
                + config.upstreams().size()
                + " upstreams, "
                + config.routes().size()
                + " routes, "
                + config.auth().keys().size()
                + " keys)");
        return 0;
      } catch (ConfigException e) {
        System.err.println(file + ": " + e.problems().size() + " problem(s)");
        e.problems().forEach(p -> System.err.println("  " + p));
        return 1;
      }
    }
  }
}
