package dev.modelgate.vault;

import dev.modelgate.provider.spi.Credential;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.shared.SharedCooldowns;
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
 * else for {@code coolDown}; while every key is aside, the one that returns first is used. With
 * {@link SharedCooldowns} a key set aside here is set aside on every instance (flagged under a
 * fingerprint of the key, never the key itself).
 */
public final class KeyPool implements Credential {
  private final List<Secret> keys;
  private final Duration coolDown;
  private final Clock clock;
  private final Instant[] asideUntil;
  private final AtomicInteger turn = new AtomicInteger();
  private final Runnable onSetAside;
  private final @Nullable SharedCooldowns shared;
  private final List<String> fingerprints;

  public KeyPool(List<Secret> keys, Duration coolDown, Clock clock, Runnable onSetAside) {
    this(keys, coolDown, clock, onSetAside, null, "");
  }

  /**
   * A pool whose set-aside keys the fleet shares through {@code shared} (null: none), flagged under
   * {@code upstream}.
   */
  public KeyPool(
      List<Secret> keys,
      Duration coolDown,
      Clock clock,
      Runnable onSetAside,
      @Nullable SharedCooldowns shared,
      String upstream) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key pool needs at least one key");
    }
    this.keys = List.copyOf(keys);
    this.coolDown = coolDown;
    this.clock = clock;
    this.onSetAside = onSetAside;
    this.asideUntil = new Instant[keys.size()];
    java.util.Arrays.fill(asideUntil, Instant.EPOCH);
    this.shared = shared;
    this.fingerprints = keys.stream().map(key -> upstream + ":" + fingerprint(key)).toList();
  }

  private static String fingerprint(Secret key) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(key.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  List<Secret> keys() {
    return keys;
  }

  Duration coolDown() {
    return coolDown;
  }

  /**
   * The next key in turn among those not set aside, so the load stays even when one is. Keys set
   * aside by other instances are learnt first, outside the lock (a Redis round trip).
   */
  @Override
  public String value() {
    if (shared != null) {
      List<Duration> left = shared.left(fingerprints);
      Instant now = clock.instant();
      for (int i = 0; i < left.size(); i++) {
        if (left.get(i).isPositive()) {
          setAsideUntil(i, now.plus(left.get(i)));
        }
      }
    }
    return pick();
  }

  private synchronized void setAsideUntil(int index, Instant until) {
    if (until.isAfter(asideUntil[index])) {
      asideUntil[index] = until;
    }
  }

  private synchronized String pick() {
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
  public boolean refused(String value, @Nullable Duration retryAfter) {
    Duration aside = retryAfter != null && retryAfter.isPositive() ? retryAfter : coolDown;
    List<Integer> setAside = setAside(value, aside);
    SharedCooldowns flags = shared;
    if (flags != null) {
      setAside.forEach(i -> flags.raise(fingerprints.get(i), aside));
    }
    return available() > 0;
  }

  private synchronized List<Integer> setAside(String value, Duration aside) {
    Instant now = clock.instant();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).value().equals(value)) {
        asideUntil[i] = now.plus(aside);
        onSetAside.run();
        indexes.add(i);
      }
    }
    return indexes;
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
