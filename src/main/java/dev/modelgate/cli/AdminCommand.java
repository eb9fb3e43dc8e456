package dev.modelgate.cli;

import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.AdminPrincipal;
import dev.modelgate.admin.AdminRole;
import dev.modelgate.admin.AdminUsers;
import dev.modelgate.admin.KeyServices;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modelgate admin users add|list|remove}: the admin users who log in to the admin API with a
 * password and TOTP. The first administrator is made here, on the machine that holds the store.
 */
@Command(
    name = "admin",
    description = "Administration of the gateway itself.",
    subcommands = {AdminCommand.Users.class})
public final class AdminCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The verbs on admin users. */
  @Command(
      name = "users",
      description = "Admin users (password + TOTP login to the admin API).",
      subcommands = {Add.class, ListUsers.class, Remove.class})
  public static final class Users implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(
      name = "add",
      description = {
        "Add an admin user. Prints the otpauth:// URI for an authenticator app and ten one-time",
        "recovery codes, only this once. The password is asked for, or read from standard input."
      })
  static final class Add extends StoreVerb {
    @Parameters(paramLabel = "NAME", description = "The login name.")
    String name;

    @Option(
        names = "--role",
        description = "admin, operator or viewer (default: ${DEFAULT-VALUE}).",
        defaultValue = "viewer")
    String role;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input (for scripts).")
    boolean passwordStdin;

    @Override
    void run(KeyServices services, AdminPrincipal who, PrintWriter out) {
      AdminRole parsed;
      try {
        parsed = AdminRole.named(role);
      } catch (IllegalArgumentException e) {
        throw AdminException.invalid("--role: must be admin, operator or viewer");
      }
      AdminUsers.Enrolment enrolment = services.users().add(who, name, parsed, password());
      out.println("added " + enrolment.name() + " (" + enrolment.role().lowerName() + ")");
      out.println();
      out.println("Add this to an authenticator app (or show it as a QR code):");
      out.println("  " + enrolment.totpUri());
      out.println();
      out.println("Recovery codes, each usable once in place of a TOTP code; keep them offline:");
      enrolment.recoveryCodes().forEach(code -> out.println("  " + code));
    }

    private String password() {
      Console console = System.console();
      if (passwordStdin || console == null) {
        try {
          String line =
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                  .readLine();
          if (line == null || line.isEmpty()) {
            throw AdminException.invalid("no password on standard input");
          }
          return line;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      char[] first = console.readPassword("Password for %s: ", name);
      char[] again = console.readPassword("Again: ");
      if (first == null || !Arrays.equals(first, again)) {
        throw AdminException.invalid("the passwords differ");
      }
      return new String(first);
    }
  }

  @Command(name = "list", description = "List the admin users and their roles.")
  static final class ListUsers extends StoreVerb {
    @Override
    void run(KeyServices services, AdminPrincipal who, PrintWriter out) {
      out.printf("%-24s %-9s %s%n", "NAME", "ROLE", "CREATED");
      services
          .users()
          .list(who)
          .forEach(u -> out.printf("%-24s %-9s %s%n", u.name(), u.role(), u.createdAt()));
    }
  }

  @Command(name = "remove", description = "Remove an admin user; their sessions end at once.")
  static final class Remove extends StoreVerb {
    @Parameters(paramLabel = "NAME", description = "The login name.")
    String name;

    @Override
    void run(KeyServices services, AdminPrincipal who, PrintWriter out) {
      services.users().remove(who, name);
      out.println("removed " + name);
    }
  }
}
