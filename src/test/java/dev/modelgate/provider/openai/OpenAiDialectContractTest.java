package dev.modelgate.provider.openai;

/**
 * The shared OpenAI-compatible scenarios and the openai dialect's own, through the openai dialect.
 */
class OpenAiDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "openai";
  }
}
