package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** Upgrades from earlier schema versions on Sqlite. */
class SqliteUpgradeTest extends StoreUpgradeContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.sqlite();
  }
}
