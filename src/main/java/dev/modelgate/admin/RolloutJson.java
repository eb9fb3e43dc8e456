package dev.modelgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.policy.canary.Decision;
import dev.modelgate.policy.canary.RolloutView;
import dev.modelgate.policy.canary.SideStats;

/** A rollout as JSON: stage, shares, both sides' figures (milliseconds) and the decisions. */
final class RolloutJson {
  private RolloutJson() {}

  static ObjectNode of(RolloutView view) {
    ObjectNode out = Json.object();
    out.put("route", view.route());
    out.put("status", view.status().label());
    out.put("stage", view.stage());
    out.put("percent", view.percent());
    ArrayNode stages = out.putArray("stages");
    view.stages().forEach(stages::add);
    out.put("stage_started_at", view.stageStartedAt().toString());
    ObjectNode sides = out.putObject("sides");
    sides.set("stable", side(view.stable()));
    sides.set("candidate", side(view.candidate()));
    SideStats reference = view.stableReference();
    out.set("stable_reference", reference == null ? null : side(reference));
    ArrayNode history = out.putArray("history");
    for (Decision decision : view.history()) {
      history
          .addObject()
          .put("at", decision.at().toString())
          .put("action", decision.action())
          .put("from_percent", decision.fromPercent())
          .put("to_percent", decision.toPercent())
          .put("reason", decision.reason())
          .put("by", decision.by());
    }
    return out;
  }

  private static ObjectNode side(SideStats stats) {
    return Json.object()
        .put("requests", stats.requests())
        .put("errors", stats.errors())
        .put("error_rate", stats.errorRate())
        .put("p95_latency_ms", stats.p95LatencyMicros() / 1000.0)
        .put("p95_ttft_ms", stats.p95TtftMicros() / 1000.0);
  }
}
