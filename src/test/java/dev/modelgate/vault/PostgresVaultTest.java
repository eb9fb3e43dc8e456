package dev.modelgate.vault;

import dev.modelgate.testkit.TestDatabases;

/** The vault contract on Postgres. */
class PostgresVaultTest extends VaultStoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.postgres();
  }
}
