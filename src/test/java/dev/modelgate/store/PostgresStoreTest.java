package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** The store contract on PostgreSQL. */
class PostgresStoreTest extends StoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.postgres();
  }
}
