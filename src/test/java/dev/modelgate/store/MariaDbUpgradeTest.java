package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** Upgrades from earlier schema versions on MariaDB. */
class MariaDbUpgradeTest extends StoreUpgradeContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.mariadb();
  }
}
