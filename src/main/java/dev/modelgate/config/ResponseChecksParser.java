package dev.modelgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.guardrail.GuardrailProfile;
import dev.modelgate.policy.guardrail.GuardrailRules;
import dev.modelgate.policy.guardrail.PiiKind;
import dev.modelgate.policy.jsonmode.JsonModeSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the top-level {@code guardrails:} section (profiles, and the profiles of each key) and each
 * route's {@code guardrails:} (profile names) and {@code json:} (the JSON guarantee).
 */
final class ResponseChecksParser {
  /** The keys a route may carry for these checks. */
  static final Set<String> ROUTE_KEYS = Set.of("guardrails", "json");

  private ResponseChecksParser() {}

  static ResponseChecks read(ConfigNode root) {
    ConfigNode section = root.object("guardrails");
    section.allowOnly(Set.of("profiles", "keys"));
    Map<String, GuardrailProfile> profiles = new HashMap<>();
    ConfigNode profileNodes = section.object("profiles");
    profileNodes
        .raw()
        .fieldNames()
        .forEachRemaining(name -> profiles.put(name, profile(profileNodes.object(name))));
    Map<String, List<String>> keys = new HashMap<>();
    ConfigNode keyNodes = section.object("keys");
    keyNodes
        .raw()
        .fieldNames()
        .forEachRemaining(key -> keys.put(key, names(keyNodes, key, profiles.keySet())));
    Map<String, List<String>> routeProfiles = new HashMap<>();
    Map<String, JsonModeSettings> routeJson = new HashMap<>();
    for (ConfigNode route : root.list("routes")) {
      String model = route.optionalString("model");
      if (model == null) {
        continue;
      }
      if (route.has("guardrails")) {
        routeProfiles.put(model, names(route, "guardrails", profiles.keySet()));
      }
      if (route.has("json")) {
        routeJson.put(model, json(route.object("json")));
      }
    }
    return new ResponseChecks(profiles, keys, routeProfiles, routeJson);
  }

  private static List<String> names(ConfigNode node, String field, Set<String> known) {
    List<String> names = node.strings(field, List.of());
    for (String name : names) {
      if (!known.contains(name)) {
        node.child(field).problem("unknown guardrail profile '" + name + "'");
      }
    }
    return names.stream().filter(known::contains).toList();
  }

  private static GuardrailProfile profile(ConfigNode node) {
    node.allowOnly(Set.of("input", "output"));
    return new GuardrailProfile(
        rules(node.object("input"), true), rules(node.object("output"), false));
  }

  private static GuardrailRules rules(ConfigNode node, boolean input) {
    Set<String> known = new java.util.HashSet<>(Set.of("pii", "keywords", "patterns", "window"));
    if (input) {
      known.addAll(Set.of("injection_threshold", "max_prompt_tokens"));
    }
    node.allowOnly(known);
    ConfigNode pii = node.object("pii");
    pii.allowOnly(Set.of("kinds", "action"));
    Set<PiiKind> kinds = EnumSet.noneOf(PiiKind.class);
    if (node.has("pii")) {
      for (String kind : pii.strings("kinds", List.of("all"))) {
        if (kind.equals("all")) {
          kinds.addAll(EnumSet.allOf(PiiKind.class));
          continue;
        }
        try {
          kinds.add(PiiKind.valueOf(kind.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          pii.child("kinds")
              .problem(
                  "unknown kind '"
                      + kind
                      + "' (email, phone, cn_mobile, cn_id, bank_card, ipv4, ipv6, all)");
        }
      }
    }
    String action = pii.string("action", "mask");
    if (!action.equals("mask") && !action.equals("block")) {
      pii.child("action").problem("must be mask or block");
    }
    List<Pattern> patterns = new ArrayList<>();
    for (String regex : node.strings("patterns", List.of())) {
      try {
        patterns.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        node.child("patterns")
            .problem("'" + regex + "' is not a regular expression: " + e.getDescription());
      }
    }
    return new GuardrailRules(
        kinds,
        action.equals("block") ? GuardrailRules.PiiAction.BLOCK : GuardrailRules.PiiAction.MASK,
        node.strings("keywords", List.of()),
        patterns,
        node.has("injection_threshold") ? node.decimal("injection_threshold", 0.5, 0, 1) : null,
        node.integer("max_prompt_tokens", 0, 0, Integer.MAX_VALUE),
        node.integer("window", GuardrailRules.DEFAULT_WINDOW, 8, 4096));
  }

  private static JsonModeSettings json(ConfigNode node) {
    node.allowOnly(Set.of("enabled", "retry", "default"));
    JsonNode fallback = node.raw().get("default");
    if (fallback != null && !fallback.isContainerNode()) {
      node.child("default").problem("must be a JSON object or array");
      fallback = null;
    }
    return new JsonModeSettings(node.bool("enabled", true), node.bool("retry", true), fallback);
  }
}
