package dev.modelgate;

import dev.modelgate.cli.ModelGateCommand;
import picocli.CommandLine;

/** Entry point: hands the arguments to the command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
    int exit = new CommandLine(new ModelGateCommand()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
