package dev.modelgate.cli;

import picocli.CommandLine.Command;

/** The {@code modelgate} command and its verbs. */
@Command(
    name = "modelgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "A self-hosted LLM gateway: one OpenAI-compatible API in front of every model.",
    subcommands = {
      ServeCommand.class,
      ConfigCommand.class,
      KeysCommand.class,
      AdminCommand.class,
      VaultCommand.class,
      UsageCommand.class,
      VersionCommand.class
    })
public final class ModelGateCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
