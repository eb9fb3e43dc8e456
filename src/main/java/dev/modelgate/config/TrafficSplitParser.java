package dev.modelgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.canary.CanarySettings;
import dev.modelgate.policy.shadow.ShadowSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A route's {@code canary:} and {@code shadow:} sections, with path-qualified problems. */
final class TrafficSplitParser {
  static final List<Double> DEFAULT_STAGES = List.of(5.0, 20.0, 50.0, 100.0);
  static final String DEFAULT_FORCE_HEADER = "x-modelgate-canary";

  private TrafficSplitParser() {}

  static GatewayConfig.CanarySpec canary(ConfigNode node, String model, Set<String> upstreams) {
    node.allowOnly(
        Set.of(
            "targets",
            "stages",
            "min_duration",
            "min_requests",
            "bounds",
            "sticky",
            "sticky_header",
            "force_header",
            "automatic"));
    List<GatewayConfig.TargetSpec> targets =
        node.each("targets", t -> ConfigParser.target(t, model, upstreams));
    if (targets.isEmpty()) {
      node.child("targets").problem("a canary needs at least one candidate target");
    }
    Duration minDuration = node.duration("min_duration", Duration.ofMinutes(10));
    long minRequests = node.integer("min_requests", 100, 1, 100_000_000);
    List<CanarySettings.Stage> stages = stages(node, minDuration, minRequests);
    String stickyName = node.string("sticky", "key").toLowerCase(Locale.ROOT);
    CanarySettings.StickySource sticky =
        switch (stickyName) {
          case "user" -> CanarySettings.StickySource.USER;
          case "header" -> CanarySettings.StickySource.HEADER;
          case "key" -> CanarySettings.StickySource.KEY;
          default -> {
            node.child("sticky").problem("must be key, user or header, not '" + stickyName + "'");
            yield CanarySettings.StickySource.KEY;
          }
        };
    String stickyHeader = node.optionalString("sticky_header");
    if (sticky == CanarySettings.StickySource.HEADER && stickyHeader == null) {
      node.child("sticky_header").problem("is required when sticky is header");
      stickyHeader = "x-user";
    }
    return new GatewayConfig.CanarySpec(
        targets,
        new CanarySettings(
            stages,
            bounds(node.object("bounds")),
            sticky,
            stickyHeader == null ? null : stickyHeader.strip().toLowerCase(Locale.ROOT),
            node.string("force_header", DEFAULT_FORCE_HEADER).strip().toLowerCase(Locale.ROOT),
            node.bool("automatic", true)));
  }

  /** Stages as percentages, or mappings that override the canary's minimums for one stage. */
  private static List<CanarySettings.Stage> stages(
      ConfigNode node, Duration minDuration, long minRequests) {
    List<CanarySettings.Stage> stages = new ArrayList<>();
    if (!node.has("stages")) {
      DEFAULT_STAGES.forEach(
          p -> stages.add(new CanarySettings.Stage(p, minDuration, minRequests)));
      return stages;
    }
    double previous = 0;
    for (ConfigNode item : node.list("stages")) {
      double percent;
      Duration duration = minDuration;
      long requests = minRequests;
      if (item.raw().isObject()) {
        item.allowOnly(Set.of("percent", "min_duration", "min_requests"));
        percent = number(item.child("percent"), -1);
        duration = item.duration("min_duration", minDuration);
        requests = item.integer("min_requests", (int) minRequests, 1, 100_000_000);
      } else {
        percent = number(item, -1);
      }
      if (percent >= 0 && (percent <= previous || percent > 100)) {
        item.problem(
            "a stage is a percentage above the previous stage's ("
                + previous
                + ") and at most 100");
      }
      previous = Math.max(previous, percent);
      stages.add(new CanarySettings.Stage(percent, duration, requests));
    }
    if (stages.isEmpty()) {
      node.child("stages").problem("a canary needs at least one stage");
      stages.add(new CanarySettings.Stage(100, minDuration, minRequests));
    }
    return stages;
  }

  private static CanarySettings.Bounds bounds(ConfigNode node) {
    node.allowOnly(Set.of("error_rate_increase", "latency_ratio", "ttft_ratio", "latency_slack"));
    return new CanarySettings.Bounds(
        bounded(node, "error_rate_increase", 0.02, 0, 1),
        bounded(node, "latency_ratio", 1.5, 1, 1000),
        bounded(node, "ttft_ratio", 1.5, 1, 1000),
        node.duration("latency_slack", Duration.ZERO));
  }

  static GatewayConfig.ShadowSpec shadow(ConfigNode node, String model, Set<String> upstreams) {
    node.allowOnly(Set.of("target", "sample_rate", "max_concurrent"));
    ConfigNode target = node.object("target");
    if (!node.has("target")) {
      node.child("target").problem("is required");
    }
    return new GatewayConfig.ShadowSpec(
        ConfigParser.target(target, model, upstreams),
        new ShadowSettings(
            bounded(node, "sample_rate", 1.0, 0, 1),
            node.integer("max_concurrent", 32, 1, 10_000)));
  }

  private static double bounded(
      ConfigNode node, String field, double fallback, double min, double max) {
    if (!node.has(field)) {
      return fallback;
    }
    ConfigNode child = node.child(field);
    double value = number(child, fallback);
    if (value < min || value > max) {
      child.problem("must be between " + min + " and " + max + ", not " + value);
      return fallback;
    }
    return value;
  }

  /** A number, also when written as text (an interpolated variable is text). */
  private static double number(ConfigNode node, double fallback) {
    JsonNode raw = node.raw();
    if (raw.isNumber()) {
      return raw.doubleValue();
    }
    if (raw.isTextual()) {
      try {
        return Double.parseDouble(raw.asText().strip());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    node.problem("must be a number");
    return fallback;
  }
}
