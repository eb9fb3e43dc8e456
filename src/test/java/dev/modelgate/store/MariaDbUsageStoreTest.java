package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** The usage store contract on MariaDb. */
class MariaDbUsageStoreTest extends UsageStoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.mariadb();
  }
}
