package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** The store contract on SQLite. */
class SqliteStoreTest extends StoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.sqlite();
  }
}
