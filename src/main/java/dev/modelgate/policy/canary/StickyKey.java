package dev.modelgate.policy.canary;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.modelgate.chain.Call;
import dev.modelgate.codec.Json;
import dev.modelgate.model.InboundRequest;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The string a call's side is hashed from. {@code user} is OpenAI's top-level {@code user} or
 * Anthropic's {@code metadata.user_id}, read by a streaming scan (the body is not decoded for it).
 * When the configured source is absent, the client key's id stands in, so a call is never left
 * without a side.
 */
final class StickyKey {
  private StickyKey() {}

  static String of(Call call, CanarySettings settings) {
    String value =
        switch (settings.sticky()) {
          case KEY -> null;
          case USER -> user(call.request());
          case HEADER -> header(call, settings.stickyHeader());
        };
    return value == null || value.isBlank()
        ? "key:" + call.principal().keyId()
        : settings.sticky().name() + ":" + value;
  }

  private static @Nullable String header(Call call, @Nullable String name) {
    return name == null ? null : call.header(name);
  }

  static @Nullable String user(InboundRequest request) {
    if (!request.topLevelKeys().contains("user") && !request.topLevelKeys().contains("metadata")) {
      return null;
    }
    try (JsonParser parser = Json.factory().createParser(request.body())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("user") && value == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        if (name.equals("metadata") && value == JsonToken.START_OBJECT) {
          String id = userId(parser);
          if (id != null) {
            return id;
          }
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      return null; // the front door already checked the body; nothing to add here
    }
    return null;
  }

  private static @Nullable String userId(JsonParser parser) throws IOException {
    String found = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("user_id") && value == JsonToken.VALUE_STRING) {
        found = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return found;
  }
}
