package dev.modelgate.policy.jsonmode;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A route's JSON guarantee ({@code json:} in the route's configuration).
 *
 * @param enabled false leaves {@code response_format} requests to the upstream alone
 * @param retry send one corrective request with the validation errors when the answer fails
 * @param defaultValue the JSON answered when nothing else produced valid JSON; without one such a
 *     call fails with 502
 */
public record JsonModeSettings(boolean enabled, boolean retry, @Nullable JsonNode defaultValue) {
  /** On for every route unless configured otherwise: retry once, no default value. */
  public static final JsonModeSettings DEFAULT = new JsonModeSettings(true, true, null);
}
