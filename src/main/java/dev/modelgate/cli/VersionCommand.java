package dev.modelgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code modelgate version}. */
@Command(name = "version", description = "Print the version.")
public final class VersionCommand implements Runnable {
  static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return "ModelGate "
        + (v == null ? "development build" : v)
        + " (Java "
        + Runtime.version()
        + ")";
  }

  @Override
  public void run() {
    System.out.println(version());
  }

  /** Feeds {@code --version}. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {version()};
    }
  }
}
