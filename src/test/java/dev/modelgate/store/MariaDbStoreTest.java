package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/** The store contract on MariaDB. */
class MariaDbStoreTest extends StoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    return TestDatabases.mariadb();
  }
}
