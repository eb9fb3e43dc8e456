package dev.modelgate.provider.openai;

/** The shared OpenAI-compatible scenarios and the vllm dialect's own, through the vllm dialect. */
class VllmDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "vllm";
  }
}
