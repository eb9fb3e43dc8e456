package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.admin.AdminException;
import dev.modelgate.auth.KeyLimits;
import dev.modelgate.store.VirtualKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Virtual keys to JSON and requests from it; field names are snake_case like OpenAI's. */
final class KeyJson {
  static final Set<String> FIELDS =
      Set.of(
          "name",
          "owner",
          "team",
          "models",
          "ip_allowlist",
          "expires_at",
          "rpm",
          "tpm",
          "budget_usd",
          "budget_period");

  private KeyJson() {}

  /** A new key's terms; {@code name} is required, {@code models} defaults to every model. */
  static VirtualKey.KeyDraft draft(JsonNode body) {
    VirtualKey.KeyDraft empty =
        new VirtualKey.KeyDraft("", null, null, List.of("*"), List.of(), null, KeyLimits.NONE);
    return changes(body).apply(empty);
  }

  /** The fields present in {@code body} replace the key's; {@code null} clears an optional one. */
  static UnaryOperator<VirtualKey.KeyDraft> changes(JsonNode body) {
    if (!body.isObject()) {
      throw AdminException.invalid("the body must be a JSON object");
    }
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!FIELDS.contains(field)) {
                throw AdminException.invalid(field + ": unknown field; known: " + FIELDS);
              }
            });
    return terms -> {
      KeyLimits limits = terms.limits();
      return new VirtualKey.KeyDraft(
          body.has("name") ? requiredText(body, "name") : terms.name(),
          body.has("owner") ? text(body, "owner") : terms.owner(),
          body.has("team") ? text(body, "team") : terms.team(),
          body.has("models") ? strings(body, "models") : terms.models(),
          body.has("ip_allowlist") ? strings(body, "ip_allowlist") : terms.ipAllowlist(),
          body.has("expires_at") ? instant(body, "expires_at") : terms.expiresAt(),
          new KeyLimits(
              body.has("rpm") ? wholeInt(body, "rpm") : limits.rpm(),
              body.has("tpm") ? whole(body, "tpm", Long.MAX_VALUE) : limits.tpm(),
              body.has("budget_usd") ? decimal(body, "budget_usd") : limits.budgetUsd(),
              body.has("budget_period") ? text(body, "budget_period") : limits.budgetPeriod()));
    };
  }

  private static String requiredText(JsonNode body, String field) {
    String value = text(body, field);
    if (value == null) {
      throw AdminException.invalid(field + ": is required");
    }
    return value;
  }

  private static @Nullable String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw AdminException.invalid(field + ": must be a string");
    }
    return value.asText();
  }

  private static List<String> strings(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw AdminException.invalid(field + ": must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw AdminException.invalid(field + ": must be a list of strings");
      }
      out.add(item.asText().strip());
    }
    return out;
  }

  private static @Nullable Instant instant(JsonNode body, String field) {
    String value = text(body, field);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw AdminException.invalid(
          field + ": an ISO-8601 instant like 2030-01-31T00:00:00Z, not '" + value + "'");
    }
  }

  private static @Nullable Integer wholeInt(JsonNode body, String field) {
    Long value = whole(body, field, Integer.MAX_VALUE);
    return value == null ? null : Math.toIntExact(value);
  }

  private static @Nullable Long whole(JsonNode body, String field, long max) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() > max) {
      throw AdminException.invalid(field + ": must be a whole number");
    }
    return value.asLong();
  }

  private static @Nullable BigDecimal decimal(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw AdminException.invalid(field + ": must be a number");
    }
    return value.decimalValue();
  }
}
