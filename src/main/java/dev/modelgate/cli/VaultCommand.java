package dev.modelgate.cli;

import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.AdminPrincipal;
import dev.modelgate.admin.CredentialView;
import dev.modelgate.admin.KeyServices;
import dev.modelgate.admin.VaultAdministration;
import dev.modelgate.admin.VaultServices;
import dev.modelgate.codec.Json;
import dev.modelgate.config.ConfigException;
import dev.modelgate.config.Durations;
import dev.modelgate.shared.ChangeNudges;
import dev.modelgate.store.StoreException;
import dev.modelgate.vault.CredentialVault.CredentialInfo;
import dev.modelgate.vault.VaultException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code modelgate vault set|list|rotate|rotate-master-key|delete}: the vault's credentials in the
 * store of {@code --config}, through the same audited path as the admin API. Values are read from
 * standard input (never the command line, which other users can see) and never printed.
 */
@Command(
    name = "vault",
    description = "Upstream credentials in the vault: encrypted at rest, referred to by name.",
    subcommands = {
      VaultCommand.Set.class,
      VaultCommand.ListCredentials.class,
      VaultCommand.Rotate.class,
      VaultCommand.RotateMasterKey.class,
      VaultCommand.Delete.class
    })
public final class VaultCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Opens the store and the vault, runs the verb, and turns failures into exit code 1. */
  abstract static class VaultVerb implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();
    @Spec CommandSpec spec;

    abstract void run(VaultAdministration vault, AdminPrincipal who, PrintWriter out);

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try (KeyServices keys = store.open();
          VaultServices vault =
              VaultServices.open(
                  keys,
                  store.vault(),
                  System::getenv,
                  Clock.systemUTC(),
                  store.nudge(ChangeNudges.VAULT))) {
        run(vault.administration(), AdminPrincipal.commandLine(), spec.commandLine().getOut());
        return 0;
      } catch (AdminException | StoreException | VaultException | IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 1;
      } catch (ConfigException e) {
        err.println("configuration refused:");
        e.problems().forEach(p -> err.println("  " + p));
        return 1;
      } finally {
        spec.commandLine().getOut().flush();
        err.flush();
      }
    }

    static void print(PrintWriter out, CredentialInfo info) {
      out.println(
          new String(Json.bytes(CredentialView.of(info, Instant.now())), StandardCharsets.UTF_8));
    }

    static String valueFromStdin() {
      try {
        String value =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (value == null || value.isBlank()) {
          throw new IllegalArgumentException("no value on standard input");
        }
        return value.strip();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Command(name = "set", description = "Set a credential; its value is read from standard input.")
  static final class Set extends VaultVerb {
    @Parameters(paramLabel = "NAME", description = "The name the configuration refers to.")
    String name;

    @Option(
        names = "--grace",
        description = "When replacing a value, how long the old one stays valid (default 1h).",
        defaultValue = "1h")
    String grace;

    @Override
    void run(VaultAdministration vault, AdminPrincipal who, PrintWriter out) {
      print(out, vault.set(who, name, valueFromStdin(), Durations.parse(grace)));
    }
  }

  @Command(name = "list", description = "List credentials: names, versions, times; never values.")
  static final class ListCredentials extends VaultVerb {
    @Override
    void run(VaultAdministration vault, AdminPrincipal who, PrintWriter out) {
      vault.list(who).forEach(info -> print(out, info));
    }
  }

  @Command(
      name = "rotate",
      description = "Give an existing credential a new value (from standard input).")
  static final class Rotate extends VaultVerb {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--grace",
        description = "How long the old value stays valid (default 1h).",
        defaultValue = "1h")
    String grace;

    @Override
    void run(VaultAdministration vault, AdminPrincipal who, PrintWriter out) {
      vault.show(who, name);
      print(out, vault.set(who, name, valueFromStdin(), Durations.parse(grace)));
    }
  }

  @Command(
      name = "rotate-master-key",
      description =
          "Re-wrap every data key under vault.master_key (the old key must be listed in vault.previous_master_keys).")
  static final class RotateMasterKey extends VaultVerb {
    @Override
    void run(VaultAdministration vault, AdminPrincipal who, PrintWriter out) {
      VaultAdministration.Rewrapped done = vault.rotateMasterKey(who);
      out.println(
          "re-wrapped "
              + done.credentials()
              + " credentials and "
              + done.totpSecrets()
              + " admin TOTP secrets");
    }
  }

  @Command(name = "delete", description = "Delete a credential.")
  static final class Delete extends VaultVerb {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void run(VaultAdministration vault, AdminPrincipal who, PrintWriter out) {
      print(out, vault.delete(who, name));
    }
  }
}
