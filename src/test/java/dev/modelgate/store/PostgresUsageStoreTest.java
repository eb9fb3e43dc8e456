package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** The usage store contract on Postgres. */
class PostgresUsageStoreTest extends UsageStoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.postgres();
  }
}
