package dev.modelgate.provider.openai;

/**
 * Azure OpenAI's {@code /openai/v1} form: the shared scenarios plus Azure's content-filter ones.
 */
class AzureDialectContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "azure";
  }

  @Override
  protected String fakeBaseUrl() {
    return "http://127.0.0.1:" + upstream.port() + "/openai/v1";
  }
}
