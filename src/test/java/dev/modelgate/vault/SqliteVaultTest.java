package dev.modelgate.vault;

import dev.modelgate.testkit.TestDatabases;

/** The vault contract on Sqlite. */
class SqliteVaultTest extends VaultStoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.sqlite();
  }
}
