package dev.modelgate.provider.openai;

/** The shared OpenAI-compatible scenarios and DashScope's compatible mode's own. */
class DashScopeCompatDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "dashscope";
  }

  @Override
  String folder() {
    return "dashscope-compat";
  }
}
