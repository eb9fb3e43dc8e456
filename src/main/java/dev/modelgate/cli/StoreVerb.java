package dev.modelgate.cli;

import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.AdminPrincipal;
import dev.modelgate.admin.KeyServices;
import dev.modelgate.config.ConfigException;
import dev.modelgate.store.StoreException;
import dev.modelgate.vault.VaultException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb that works on the store directly, as the local administrator, through the same audited
 * write path as the admin API: opens the store, runs, and turns failures into a message and exit
 * code 1. Running gateways see a change on their next poll of the store.
 */
abstract class StoreVerb implements Callable<Integer> {
  @Mixin StoreOptions store = new StoreOptions();
  @Spec CommandSpec spec;

  abstract void run(KeyServices services, AdminPrincipal who, PrintWriter out);

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try (KeyServices services = store.open()) {
      run(services, AdminPrincipal.commandLine(), spec.commandLine().getOut());
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
}
