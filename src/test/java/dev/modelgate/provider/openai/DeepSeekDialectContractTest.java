package dev.modelgate.provider.openai;

/**
 * The shared OpenAI-compatible scenarios and the deepseek dialect's own, through the deepseek
 * dialect.
 */
class DeepSeekDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "deepseek";
  }
}
