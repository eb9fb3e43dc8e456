package dev.modelgate.provider.openai;

import java.util.List;

/**
 * The tgi dialect with {@code send_model: target}: the target's model name reaches TGI, which
 * serves it as a LoRA adapter.
 */
class TgiAdapterDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "tgi";
  }

  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/tgi-adapter");
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return super.upstreamYaml(baseUrl) + "  send_model: target\n";
  }
}
