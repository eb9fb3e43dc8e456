package dev.modelgate.provider.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A Dify app's configuration.
 *
 * @param inputs values for the app's input variables sent with every call
 * @param queryInput the workflow input variable that takes the user's message
 * @param answerOutput the workflow output variable that holds the answer; null takes the only one
 * @param defaultUser Dify's {@code user} when the client sends none (Dify requires one)
 */
record DifySpec(
    AppType appType,
    Continuity conversation,
    ObjectNode inputs,
    String queryInput,
    @Nullable String answerOutput,
    String defaultUser) {

  /** What kind of app it is: chat and chatflow apps share an API; agents only stream. */
  enum AppType {
    CHAT,
    AGENT,
    WORKFLOW
  }

  /** How an OpenAI client's stateless history maps onto Dify's conversations. */
  enum Continuity {
    /** The gateway remembers which conversation produced the answers the client sends back. */
    HISTORY,
    /** The client sends {@code conversation_id} and gets it back in every answer. */
    FIELD,
    /** Every call is a new conversation, with earlier turns folded into the query. */
    NONE
  }

  static DifySpec parse(ObjectNode options) {
    JsonNode inputs = options.path("inputs");
    if (!inputs.isMissingNode() && !inputs.isObject()) {
      throw new IllegalArgumentException("inputs: must be a mapping of input variables");
    }
    return new DifySpec(
        named(AppType.class, options.path("app_type").asText("chat"), "app_type"),
        named(Continuity.class, options.path("conversation").asText("history"), "conversation"),
        inputs.isObject() ? (ObjectNode) inputs : Json.object(),
        options.path("query_input").asText("query"),
        options.hasNonNull("answer_output") ? options.path("answer_output").asText() : null,
        options.path("user").asText("modelgate"));
  }

  private static <E extends Enum<E>> E named(Class<E> type, String value, String option) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option
              + ": '"
              + value
              + "' is not one of "
              + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
  }
}
