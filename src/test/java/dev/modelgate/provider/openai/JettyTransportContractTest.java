package dev.modelgate.provider.openai;

/**
 * The shared scenarios again with every request on the Jetty transport, so both transports pass.
 */
class JettyTransportContractTest extends OpenAiCompatibleContract {
  @Override
  String dialect() {
    return "openai";
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return super.upstreamYaml(baseUrl) + "  pool:\n    transport: jetty\n";
  }
}
