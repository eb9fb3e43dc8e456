package dev.modelgate.cli;

import dev.modelgate.auth.ApiKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code modelgate keys hash}: make a client key, or hash one, for the configuration file; the
 * other verbs manage virtual keys in the store ({@link KeyVerbs}).
 */
@Command(
    name = "keys",
    description = "Client API keys: hashes for the configuration file, virtual keys in the store.",
    subcommands = {
      KeysCommand.Hash.class,
      KeyVerbs.Create.class,
      KeyVerbs.ListKeys.class,
      KeyVerbs.Show.class,
      KeyVerbs.Update.class,
      KeyVerbs.Revoke.class,
      KeyVerbs.Rotate.class
    })
public final class KeysCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints a new key and its hash, or the hash of a key read from standard input. */
  @Command(
      name = "hash",
      description = {
        "Make a new client key and print it with the hash to put in the configuration.",
        "With --stdin, hash an existing key read from standard input instead (it never appears in the process list)."
      })
  public static final class Hash implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--stdin", description = "Read the key to hash from standard input.")
    boolean stdin;

    @Override
    public Integer call() throws IOException {
      if (stdin) {
        String key =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (key == null || key.isBlank()) {
          System.err.println("no key on standard input");
          return 2;
        }
        System.out.println(ApiKeys.hash(key.strip()));
        return 0;
      }
      String key = ApiKeys.newKey();
      System.out.println("key:  " + key);
      System.out.println("hash: " + ApiKeys.hash(key));
      System.out.println();
      System.out.println("Give the key to the client; put only the hash in the configuration:");
      System.out.println("  auth:");
      System.out.println("    keys:");
      System.out.println("      - name: my-app");
      System.out.println("        hash: " + ApiKeys.hash(key));
      return 0;
    }
  }
}
