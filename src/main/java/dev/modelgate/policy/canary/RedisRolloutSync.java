package dev.modelgate.policy.canary;

import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.RedisScript;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One rollout kept in Redis for the fleet: its state in a hash ({@code
 * mg:canary:<route>:<settings>:state}, replaced only by the instance that saw the latest version)
 * and each stage's counts and latency samples per side ({@code ...:w<window>:<side>:n|lat|ttft}),
 * so every instance judges on the fleet's figures. Every method answers "not now" (empty, or {@link
 * Published#DOWN}) while Redis is down, counted as a fallback of {@code canary}.
 */
final class RedisRolloutSync {
  static final String USE = "canary";
  private static final RedisScript RECORD =
      RedisScript.resource(RedisRolloutSync.class, "canary-record.lua");
  private static final RedisScript FIGURES =
      RedisScript.resource(RedisRolloutSync.class, "canary-figures.lua");
  private static final RedisScript PUBLISH =
      RedisScript.resource(RedisRolloutSync.class, "canary-publish.lua");
  private static final Duration COUNTS_KEPT = Duration.ofDays(7);
  private static final Duration STATE_KEPT = Duration.ofDays(30);

  /** What became of a state sent to Redis. */
  enum Published {
    /** It is the fleet's state now. */
    YES,
    /** Another instance changed the state first. */
    LOST,
    /** Redis is down: the state is this instance's alone for now. */
    DOWN
  }

  /** A state as the fleet has it, with the decision that made it (none for the first). */
  record Stamped(RolloutState state, @Nullable Decision decision) {}

  /** Both sides' figures of one stage. */
  record Figures(SideStats stable, SideStats candidate) {}

  private final RedisLink link;
  private final String base;

  /** The rollout of {@code route} with settings fingerprinted {@code fingerprint}. */
  RedisRolloutSync(RedisLink link, String route, String fingerprint) {
    this.link = link;
    this.base = link.key("canary", route, fingerprint);
  }

  void record(long window, Side side, Outcome outcome) {
    List<String> keys = sideKeys(window, side);
    List<String> args =
        List.of(
            outcome.failed() ? "1" : "0",
            Long.toString(outcome.latency().toNanos() / 1000),
            Long.toString(outcome.timeToFirstToken().toNanos() / 1000),
            Integer.toString(SideWindow.SAMPLES),
            Long.toString(COUNTS_KEPT.toMillis()));
    link.orLocal(
        USE,
        shared -> {
          shared.eval(RECORD, keys, args);
          return Boolean.TRUE;
        },
        () -> Boolean.FALSE);
  }

  Optional<Figures> figures(long window) {
    List<String> keys = new ArrayList<>(sideKeys(window, Side.STABLE));
    keys.addAll(sideKeys(window, Side.CANDIDATE));
    return link.orLocal(
        USE,
        shared -> Optional.of(figures(shared.eval(FIGURES, keys, List.of()))),
        Optional::empty);
  }

  /** What Redis holds: {@code reachable} false while it is down; {@code stamped} null if none. */
  record Seen(boolean reachable, @Nullable Stamped stamped) {}

  Seen latest() {
    return link.orLocal(
        USE,
        shared ->
            new Seen(true, decode(shared.call("canary state", j -> j.hgetAll(base + ":state")))),
        () -> new Seen(false, null));
  }

  /** Makes {@code next} the fleet's state if the fleet's is still version {@code seen}. */
  Published publish(long seen, RolloutState next, @Nullable Decision decision) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(seen));
    args.add(Long.toString(STATE_KEPT.toMillis()));
    encode(next, decision)
        .forEach(
            (field, value) -> {
              args.add(field);
              args.add(value);
            });
    return link.orLocal(
        USE,
        shared ->
            Long.valueOf(1).equals(shared.eval(PUBLISH, List.of(base + ":state"), args))
                ? Published.YES
                : Published.LOST,
        () -> Published.DOWN);
  }

  private List<String> sideKeys(long window, Side side) {
    String prefix = base + ":w" + window + ":" + side.label();
    return List.of(prefix + ":n", prefix + ":lat", prefix + ":ttft");
  }

  private static Figures figures(@Nullable Object reply) {
    if (!(reply instanceof List<?> parts) || parts.size() != 8) {
      throw new IllegalStateException("the canary figures script answered " + reply);
    }
    return new Figures(side(parts.subList(0, 4)), side(parts.subList(4, 8)));
  }

  private static SideStats side(List<?> parts) {
    long[] latencies = micros(parts.get(2));
    long[] ttfts = micros(parts.get(3));
    return new SideStats(
        ((Number) parts.get(0)).longValue(),
        ((Number) parts.get(1)).longValue(),
        SideWindow.p95(latencies, latencies.length),
        SideWindow.p95(ttfts, ttfts.length));
  }

  private static long[] micros(Object list) {
    List<?> values = list instanceof List<?> l ? l : List.of();
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      Object value = values.get(i);
      out[i] =
          Long.parseLong(
              value instanceof byte[] bytes
                  ? new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)
                  : String.valueOf(value));
    }
    return out;
  }

  private static Map<String, String> encode(RolloutState state, @Nullable Decision decision) {
    Map<String, String> fields = new HashMap<>();
    fields.put("version", Long.toString(state.version()));
    fields.put("window", Long.toString(state.window()));
    fields.put("status", state.status().name());
    fields.put("stage", Integer.toString(state.stage()));
    fields.put("percent", Double.toString(state.percent()));
    fields.put("stage_start", Long.toString(state.stageStart().toEpochMilli()));
    SideStats ref = state.stableReference();
    fields.put(
        "reference",
        ref == null
            ? ""
            : ref.requests()
                + ","
                + ref.errors()
                + ","
                + ref.p95LatencyMicros()
                + ","
                + ref.p95TtftMicros());
    if (decision != null) {
      fields.put("decided_at", Long.toString(decision.at().toEpochMilli()));
      fields.put("action", decision.action());
      fields.put("from", Double.toString(decision.fromPercent()));
      fields.put("to", Double.toString(decision.toPercent()));
      fields.put("reason", decision.reason());
      fields.put("by", decision.by());
    }
    return fields;
  }

  private static @Nullable Stamped decode(Map<String, String> fields) {
    String version = fields.get("version");
    if (version == null) {
      return null;
    }
    String ref = fields.getOrDefault("reference", "");
    SideStats reference = null;
    if (!ref.isEmpty()) {
      String[] parts = ref.split(",");
      reference =
          new SideStats(
              Long.parseLong(parts[0]),
              Long.parseLong(parts[1]),
              Long.parseLong(parts[2]),
              Long.parseLong(parts[3]));
    }
    RolloutState state =
        new RolloutState(
            Long.parseLong(version),
            Long.parseLong(fields.getOrDefault("window", "0")),
            RolloutStatus.valueOf(
                fields.getOrDefault("status", "RUNNING").toUpperCase(Locale.ROOT)),
            Integer.parseInt(fields.getOrDefault("stage", "0")),
            Double.parseDouble(fields.getOrDefault("percent", "0")),
            Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("stage_start", "0"))),
            reference);
    String action = fields.get("action");
    Decision decision =
        action == null
            ? null
            : new Decision(
                Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("decided_at", "0"))),
                action,
                Double.parseDouble(fields.getOrDefault("from", "0")),
                Double.parseDouble(fields.getOrDefault("to", "0")),
                fields.getOrDefault("reason", ""),
                fields.getOrDefault("by", "auto"));
    return new Stamped(state, decision);
  }
}
