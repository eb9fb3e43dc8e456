package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** Upgrades from earlier schema versions on Postgres. */
class PostgresUpgradeTest extends StoreUpgradeContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.postgres();
  }
}
