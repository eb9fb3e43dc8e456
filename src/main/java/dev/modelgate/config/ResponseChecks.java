package dev.modelgate.config;

import dev.modelgate.policy.guardrail.GuardrailProfile;
import dev.modelgate.policy.guardrail.GuardrailRules;
import dev.modelgate.policy.jsonmode.JsonModeSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks on what clients send and get: the named guardrail profiles, which apply to each key
 * (by key name) and to each route, and each route's JSON guarantee ({@link
 * JsonModeSettings#DEFAULT} where a route configures none).
 */
public record ResponseChecks(
    Map<String, GuardrailProfile> profiles,
    Map<String, List<String>> keyProfiles,
    Map<String, List<String>> routeProfiles,
    Map<String, JsonModeSettings> routeJson) {
  public static final ResponseChecks NONE =
      new ResponseChecks(Map.of(), Map.of(), Map.of(), Map.of());

  public ResponseChecks {
    profiles = Map.copyOf(profiles);
    keyProfiles = Map.copyOf(keyProfiles);
    routeProfiles = Map.copyOf(routeProfiles);
    routeJson = Map.copyOf(routeJson);
  }

  /** The route's own guardrails: its profiles joined. */
  GuardrailProfile route(String model) {
    return joined(routeProfiles.getOrDefault(model, List.of()));
  }

  /** Each key's guardrails, by key name. */
  Map<String, GuardrailProfile> byKey() {
    Map<String, GuardrailProfile> out = new HashMap<>();
    keyProfiles.forEach((key, names) -> out.put(key, joined(names)));
    return out;
  }

  /** The rules of every profile, both directions, joined: the strictest masking of all. */
  public GuardrailRules everyRule() {
    GuardrailRules out = GuardrailRules.NONE;
    for (GuardrailProfile profile : profiles.values()) {
      out = out.and(profile.input()).and(profile.output());
    }
    return out;
  }

  boolean anyGuardrail(String model) {
    return routeProfiles.containsKey(model) || !keyProfiles.isEmpty();
  }

  JsonModeSettings json(String model) {
    return routeJson.getOrDefault(model, JsonModeSettings.DEFAULT);
  }

  private GuardrailProfile joined(List<String> names) {
    GuardrailProfile out = GuardrailProfile.NONE;
    for (String name : names) {
      out = out.and(Objects.requireNonNull(profiles.get(name), name));
    }
    return out;
  }
}
