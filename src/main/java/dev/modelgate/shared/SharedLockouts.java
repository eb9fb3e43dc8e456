package dev.modelgate.shared;

import dev.modelgate.auth.AuthLockout;
import dev.modelgate.auth.LockoutSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Failed authentications counted for the whole fleet: each instance's failure from an address goes
 * to Redis, so ten failures spread over three instances lock the address out on the third one that
 * sees a failure from it. Requests that authenticate never reach Redis: an instance learns of a
 * lockout with the next failure it sees. While Redis is down each instance counts alone.
 */
public final class SharedLockouts implements AuthLockout.Fleet {
  private static final RedisScript FAIL =
      RedisScript.resource(SharedLockouts.class, "lockout-fail.lua");

  private final RedisLink link;

  public SharedLockouts(RedisLink link) {
    this.link = link;
  }

  @Override
  public Duration failed(InetAddress client, LockoutSettings settings) {
    String address = client.getHostAddress();
    return link.orLocal(
        "lockout",
        shared -> {
          Object left =
              shared.eval(
                  FAIL,
                  List.of(
                      shared.key("lockout", "failures", address),
                      shared.key("lockout", "locked", address)),
                  List.of(
                      Integer.toString(settings.failures()),
                      Long.toString(settings.window().toMillis()),
                      Long.toString(settings.lockout().toMillis())));
          return Duration.ofMillis(left instanceof Long millis ? millis : 0);
        },
        () -> Duration.ZERO);
  }

  @Override
  public void cleared(InetAddress client) {
    link.orLocal(
        "lockout",
        shared ->
            shared.call(
                "lockout clear",
                jedis -> jedis.del(shared.key("lockout", "failures", client.getHostAddress()))),
        () -> 0L);
  }
}
