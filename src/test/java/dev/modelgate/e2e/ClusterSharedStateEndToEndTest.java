package dev.modelgate.e2e;

import dev.modelgate.testkit.TestRedis;

/**
 * The shared state of {@link SharedStateEndToEndTest} (cache, circuits, set-aside keys, canary
 * figures, the failed-auth lockout) with the two gateways on a Redis Cluster of three masters: the
 * link follows the cluster's slots and every key carries the prefix's hash tag, so scripts over
 * several keys run where those keys are.
 */
class ClusterSharedStateEndToEndTest extends SharedStateEndToEndTest {
  @Override
  TestRedis.Shared redis() {
    return TestRedis.privateCluster();
  }
}
