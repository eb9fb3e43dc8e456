package dev.modelgate.observe.trace;

import dev.modelgate.model.Operation;
import io.opentelemetry.api.common.AttributeKey;

/**
 * The OpenTelemetry GenAI semantic-convention attributes the gateway sets (semconv 1.37+), plus
 * {@code gen_ai.system}, the name before 1.37, so backends on either version find the provider.
 */
final class GenAiAttributes {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private GenAiAttributes() {}

  /** {@code gen_ai.operation.name} of an operation: {@code chat}, {@code embeddings}, ... */
  static String operation(Operation operation) {
    return switch (operation) {
      case CHAT -> "chat";
      case COMPLETION -> "text_completion";
      case EMBEDDING -> "embeddings";
      case RERANK -> "rerank";
      case COUNT_TOKENS -> "count_tokens";
    };
  }
}
