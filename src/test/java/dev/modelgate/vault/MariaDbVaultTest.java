package dev.modelgate.vault;

import dev.modelgate.testkit.TestDatabases;

/** The vault contract on MariaDb. */
class MariaDbVaultTest extends VaultStoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.mariadb();
  }
}
