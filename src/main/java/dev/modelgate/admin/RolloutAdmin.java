package dev.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.config.Runtime;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.ModelNotFound;
import dev.modelgate.policy.canary.Rollout;
import dev.modelgate.policy.canary.RolloutConflict;
import dev.modelgate.policy.canary.RolloutStore;
import java.io.IOException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A route's rollout by hand: read its state, or pause, resume, advance or roll it back. Every
 * operation needs an admin key. Failures are gateway errors (401, 403, 404, 400) for the server to
 * write; a change the rollout's status does not allow answers 409 with the state unchanged.
 */
public final class RolloutAdmin {
  /** What to answer: a status and a JSON body. */
  public record AdminReply(int status, JsonNode body) {}

  private final RuntimeHolder runtime;
  private final RolloutStore rollouts;

  public RolloutAdmin(RuntimeHolder runtime, RolloutStore rollouts) {
    this.runtime = runtime;
    this.rollouts = rollouts;
  }

  public AdminReply get(String route, Function<String, @Nullable String> headers) {
    return new AdminReply(200, RolloutJson.of(authorizedRollout(route, headers).view()));
  }

  /**
   * Applies {@code action} ({@code pause}, {@code resume}, {@code advance}, {@code rollback}); the
   * body may give a {@code reason} for the decision history.
   */
  public AdminReply post(
      String route, String action, byte[] body, Function<String, @Nullable String> headers) {
    Rollout rollout = authorizedRollout(route, headers);
    String reason = reason(body, action);
    try {
      switch (action) {
        case "pause" -> rollout.pause(reason);
        case "resume" -> rollout.resume(reason);
        case "advance" -> rollout.advance(reason);
        case "rollback" -> rollout.rollback(reason);
        default ->
            throw new InvalidRequest(
                "Unknown rollout action '" + action + "' (pause, resume, advance, rollback).",
                null,
                "unknown_action");
      }
    } catch (RolloutConflict e) {
      var conflict = RolloutJson.of(rollout.view());
      conflict.putObject("error").put("message", e.getMessage()).put("code", "conflict");
      return new AdminReply(409, conflict);
    }
    return new AdminReply(200, RolloutJson.of(rollout.view()));
  }

  private Rollout authorizedRollout(String route, Function<String, @Nullable String> headers) {
    Runtime snapshot = runtime.get();
    AdminAccess.check(snapshot, headers);
    boolean hasCanary =
        snapshot.config().routes().stream()
            .anyMatch(r -> r.model().equals(route) && r.canary() != null);
    Rollout rollout = hasCanary ? rollouts.find(route) : null;
    if (rollout == null) {
      throw new ModelNotFound(route);
    }
    return rollout;
  }

  private static String reason(byte[] body, String action) {
    String fallback = action + " by hand";
    if (body.length == 0) {
      return fallback;
    }
    try {
      String reason = Json.text(Json.parse(body), "reason");
      return reason == null || reason.isBlank() ? fallback : reason;
    } catch (IOException e) {
      throw new InvalidRequest(
          "The body must be JSON, e.g. {\"reason\":\"...\"}.", null, "invalid_json");
    }
  }
}
