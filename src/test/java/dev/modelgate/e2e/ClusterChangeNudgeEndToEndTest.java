package dev.modelgate.e2e;

import dev.modelgate.testkit.TestRedis;

/**
 * The change nudges of {@link ChangeNudgeEndToEndTest} through a Redis Cluster of three masters: a
 * message published by one instance reaches the other's subscription, whichever node each uses.
 */
class ClusterChangeNudgeEndToEndTest extends ChangeNudgeEndToEndTest {
  @Override
  TestRedis.Shared redis() {
    return TestRedis.privateCluster();
  }
}
