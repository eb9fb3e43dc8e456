package dev.modelgate.provider.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.PlainErrors;
import dev.modelgate.provider.common.TextOutput;
import dev.modelgate.provider.common.TokenEstimate;
import org.jspecify.annotations.Nullable;

/** Reads a service's answer through the configured pointers. */
final class TemplateAnswers {
  private TemplateAnswers() {}

  static ResponseBody whole(JsonNode root, TemplateSpec spec, String prompt, TextOutput out) {
    failIfError(root, spec.answer());
    JsonNode text = AnswerPointers.at(root, spec.answer().text());
    if (text == null || !text.isValueNode()) {
      throw new UpstreamProtocol(
          "Upstream answer has no text at " + spec.answer().text() + " (response.text)", null);
    }
    String answer = text.asText();
    if (spec.stripPrompt() && answer.startsWith(prompt)) {
      answer = answer.substring(prompt.length());
    }
    return out.whole(
        answer,
        spec.finishReason(word(root, spec.answer())),
        usage(root, spec.answer(), prompt, answer, out.tokens()));
  }

  /** A 200 that carries an error where the service puts one is a failed call. */
  static void failIfError(JsonNode root, AnswerPointers pointers) {
    JsonNode error = AnswerPointers.at(root, pointers.error());
    if (error == null || (error.isTextual() && error.asText().isEmpty())) {
      return;
    }
    String message = PlainErrors.message(error);
    throw failure(message == null ? error.toString() : message);
  }

  static GatewayException failure(String message) {
    return PlainErrors.mentionsContextLength(message)
        ? new ContextLengthExceeded(message)
        : new UpstreamOverloaded(message, 502);
  }

  static @Nullable String word(JsonNode root, AnswerPointers pointers) {
    JsonNode finish = AnswerPointers.at(root, pointers.finishReason());
    return finish == null ? null : finish.asText();
  }

  /** The service's counts where it gives them; what it leaves out is counted by {@code tokens}. */
  static Usage usage(
      JsonNode root, AnswerPointers pointers, String prompt, String answer, TokenEstimate tokens) {
    JsonNode in = AnswerPointers.at(root, pointers.promptTokens());
    JsonNode outTokens = AnswerPointers.at(root, pointers.completionTokens());
    return tokens.usage(
        in == null ? null : in.asLong(),
        outTokens == null ? null : outTokens.asLong(),
        prompt,
        answer);
  }
}
