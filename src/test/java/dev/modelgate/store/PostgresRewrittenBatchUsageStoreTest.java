package dev.modelgate.store;

import dev.modelgate.testkit.TestDatabases;

/**
 * The usage store contract on Postgres with a URL that rewrites batched inserts into one statement:
 * the driver then reports no count per row, so the store has to notice and look the stored ids up
 * instead of trusting the counts (a batch written again must still add nothing to the spend).
 */
class PostgresRewrittenBatchUsageStoreTest extends UsageStoreContract {
  @Override
  TestDatabases.Provisioned provision() {
    TestDatabases.Provisioned schema = TestDatabases.postgres();
    StoreSettings settings = schema.settings();
    return new TestDatabases.Provisioned(
        new StoreSettings(
            settings.url() + "&reWriteBatchedInserts=true",
            settings.user(),
            settings.password(),
            settings.pool(),
            settings.refreshInterval()),
        schema.drop());
  }
}
