package dev.modelgate.provider.openai;

import java.util.List;

/** Azure OpenAI's deployment URLs with {@code api-version}. */
class AzureDeploymentContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "azure";
  }

  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/azure-deployment");
  }

  @Override
  protected String fakeBaseUrl() {
    return "http://127.0.0.1:" + upstream.port();
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return super.upstreamYaml(baseUrl) + "  api_version: 2024-10-21\n";
  }
}
