package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** The usage store contract on Sqlite. */
class SqliteUsageStoreTest extends UsageStoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.sqlite();
  }
}
