package dev.modelgate.provider.openai;

import java.util.List;

/**
 * The tgi dialect (TGI's Messages API) with its defaults: {@code "model":"tgi"} (any other name is
 * a LoRA adapter to TGI), {@code response_format} as TGI's grammar, {@code stop_sequence} finishes
 * reported as {@code stop}, flat error bodies and events.
 */
class TgiDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "tgi";
  }

  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/tgi-messages");
  }
}
