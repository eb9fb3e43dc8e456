package dev.modelgate.cli;

import dev.modelgate.admin.AdminPrincipal;
import dev.modelgate.admin.KeyAdministration;
import dev.modelgate.admin.KeyServices;
import dev.modelgate.config.Durations;
import dev.modelgate.store.VirtualKey;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modelgate keys create|list|show|update|revoke|rotate}: virtual keys in the store, written
 * directly (through the same admin write path as the admin API). Running gateways see a change on
 * their next poll of the store.
 */
final class KeyVerbs {
  private KeyVerbs() {}

  /** A verb on the store's keys. */
  abstract static class KeyVerb extends StoreVerb {
    abstract void run(KeyAdministration keys, AdminPrincipal who, PrintWriter out);

    @Override
    final void run(KeyServices services, AdminPrincipal who, PrintWriter out) {
      run(services.keys(), who, out);
    }
  }

  /** A verb on one key, named by its id. */
  abstract static class OneKeyVerb extends KeyVerb {
    @Parameters(paramLabel = "ID", description = "The key's id (vk_...).")
    String id;
  }

  @Command(
      name = "create",
      description = "Make a virtual key; its secret is printed only this once.")
  static final class Create extends KeyVerb {
    @Parameters(paramLabel = "NAME", description = "What the key is for.")
    String name;

    @Mixin KeyTermOptions terms = new KeyTermOptions();

    @Override
    void run(KeyAdministration keys, AdminPrincipal who, PrintWriter out) {
      VirtualKey.KeyDraft draft =
          terms
              .changes(name, Instant.now())
              .apply(
                  new VirtualKey.KeyDraft(
                      name,
                      null,
                      null,
                      java.util.List.of("*"),
                      java.util.List.of(),
                      null,
                      dev.modelgate.auth.KeyLimits.NONE));
      KeyPrinter.issued(out, keys.create(who, draft));
    }
  }

  @Command(name = "list", description = "List the virtual keys (never their secrets).")
  static final class ListKeys extends KeyVerb {
    @Override
    void run(KeyAdministration keys, AdminPrincipal who, PrintWriter out) {
      KeyPrinter.table(out, keys.list(who), Instant.now());
    }
  }

  @Command(name = "show", description = "Show one virtual key.")
  static final class Show extends OneKeyVerb {
    @Override
    void run(KeyAdministration keys, AdminPrincipal who, PrintWriter out) {
      KeyPrinter.details(out, keys.show(who, id), Instant.now());
    }
  }

  @Command(name = "update", description = "Change what a key may do; options not given stay.")
  static final class Update extends OneKeyVerb {
    @Option(names = "--name", description = "A new name.")
    @org.jspecify.annotations.Nullable
    String name;

    @Mixin KeyTermOptions terms = new KeyTermOptions();

    @Override
    void run(KeyAdministration keys, AdminPrincipal who, PrintWriter out) {
      KeyPrinter.details(
          out, keys.update(who, id, terms.changes(name, Instant.now())), Instant.now());
    }
  }

  @Command(name = "revoke", description = "Revoke a key at once (a rotated-out secret too).")
  static final class Revoke extends OneKeyVerb {
    @Override
    void run(KeyAdministration keys, AdminPrincipal who, PrintWriter out) {
      KeyPrinter.details(out, keys.revoke(who, id), Instant.now());
    }
  }

  @Command(
      name = "rotate",
      description =
          "Give a key a new secret, printed only this once; the old one works for the grace period.")
  static final class Rotate extends OneKeyVerb {
    @Option(
        names = "--grace",
        description =
            "How long the old secret keeps working (default: ${DEFAULT-VALUE}; 0s ends it now).",
        defaultValue = "24h")
    String grace;

    @Override
    void run(KeyAdministration keys, AdminPrincipal who, PrintWriter out) {
      KeyPrinter.issued(out, keys.rotate(who, id, Durations.parse(grace)));
    }
  }
}
