package dev.modelgate.vault;

import dev.modelgate.provider.spi.Credential;
import dev.modelgate.provider.spi.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Several upstream keys of one endpoint used in turn, so the load spreads over them. A key the
 * upstream refuses (401, or 429 rate limit) is set aside for the delay the upstream asked for, or
 * else for {@code coolDown}; while every key is aside, the one that returns first is used.
 */
public final class KeyPool implements Credential {
  private final List<Secret> keys;
  private final Duration coolDown;
  private final Clock clock;
  private final Instant[] asideUntil;
  private final AtomicInteger turn = new AtomicInteger();
  private final Runnable onSetAside;

  public KeyPool(List<Secret> keys, Duration coolDown, Clock clock, Runnable onSetAside) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key pool needs at least one key");
    }
    this.keys = List.copyOf(keys);
    this.coolDown = coolDown;
    this.clock = clock;
    this.onSetAside = onSetAside;
    this.asideUntil = new Instant[keys.size()];
    java.util.Arrays.fill(asideUntil, Instant.EPOCH);
  }

  List<Secret> keys() {
    return keys;
  }

  Duration coolDown() {
    return coolDown;
  }

  /** The next key in turn among those not set aside, so the load stays even when one is. */
  @Override
  public synchronized String value() {
    Instant now = clock.instant();
    List<Secret> inUse = new ArrayList<>(keys.size());
    int soonest = 0;
    for (int i = 0; i < keys.size(); i++) {
      if (!asideUntil[i].isAfter(now)) {
        inUse.add(keys.get(i));
      } else if (asideUntil[i].isBefore(asideUntil[soonest])) {
        soonest = i;
      }
    }
    if (inUse.isEmpty()) {
      return keys.get(soonest).value();
    }
    return inUse.get(Math.floorMod(turn.getAndIncrement(), inUse.size())).value();
  }

  @Override
  public synchronized boolean refused(String value, @Nullable Duration retryAfter) {
    Instant now = clock.instant();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).value().equals(value)) {
        Duration aside = retryAfter != null && retryAfter.isPositive() ? retryAfter : coolDown;
        asideUntil[i] = now.plus(aside);
        onSetAside.run();
      }
    }
    return available() > 0;
  }

  /** How many keys are in use now (not set aside). */
  public synchronized int available() {
    Instant now = clock.instant();
    int count = 0;
    for (Instant until : asideUntil) {
      if (!until.isAfter(now)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public String toString() {
    return "KeyPool[" + keys.size() + " keys, <redacted>]";
  }
}
