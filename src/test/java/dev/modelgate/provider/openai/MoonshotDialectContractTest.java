package dev.modelgate.provider.openai;

/**
 * The shared OpenAI-compatible scenarios and the moonshot dialect's own, through the moonshot
 * dialect.
 */
class MoonshotDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "moonshot";
  }
}
