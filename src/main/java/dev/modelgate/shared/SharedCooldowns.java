package dev.modelgate.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flags that something is set aside for a while, seen by the whole fleet: a circuit opened on a
 * target, an upstream key the provider refused. One Redis key per flag, {@code mg:<kind>:<name>},
 * whose expiry is the time left; raising a flag already up for longer keeps the later end. While
 * Redis is down nothing is shared: a raise is dropped, a flag reads as down, each counted as a
 * fallback of {@code kind}, and callers decide from their own state alone.
 */
public final class SharedCooldowns {
  private static final RedisScript RAISE =
      RedisScript.resource(SharedCooldowns.class, "cooldown-raise.lua");
  private static final RedisScript LEFT =
      RedisScript.resource(SharedCooldowns.class, "cooldown-left.lua");

  private final RedisLink link;
  private final String kind;

  /** Flags under {@code mg:<kind>:}; {@code kind} is also the fallback counter's label. */
  public SharedCooldowns(RedisLink link, String kind) {
    this.link = link;
    this.kind = kind;
  }

  /** Raises the flag of {@code name} for {@code length}, for every instance. */
  public void raise(String name, Duration length) {
    long millis = length.toMillis();
    if (millis <= 0) {
      return;
    }
    link.orLocal(
        kind,
        shared -> {
          shared.eval(RAISE, List.of(key(name)), List.of(Long.toString(millis), "1"));
          return Boolean.TRUE;
        },
        () -> Boolean.FALSE);
  }

  /** How long the flag of {@code name} stays up; zero when it is down (or Redis is). */
  public Duration left(String name) {
    return left(List.of(name)).getFirst();
  }

  /** {@link #left(String)} of each name, in one round trip. */
  public List<Duration> left(List<String> names) {
    List<Duration> none = names.stream().map(n -> Duration.ZERO).toList();
    if (names.isEmpty()) {
      return none;
    }
    return link.orLocal(kind, shared -> read(names), () -> none);
  }

  private List<Duration> read(List<String> names) {
    List<String> keys = names.stream().map(this::key).toList();
    Object reply = link.eval(LEFT, keys, List.of());
    List<Duration> left = new ArrayList<>();
    if (reply instanceof List<?> values) {
      for (Object value : values) {
        long millis = value instanceof Number number ? number.longValue() : -1;
        left.add(millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO);
      }
    }
    while (left.size() < names.size()) {
      left.add(Duration.ZERO);
    }
    return left;
  }

  private String key(String name) {
    return link.key(kind, name);
  }
}
