package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.testing.JsonTrees;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/rerank} in one shape, to upstreams of every rerank format, each answering in its
 * own wire format with scores out of order: the client always gets results most relevant first,
 * {@code top_n} long, with documents when asked, and usage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RerankEndToEndTest {
  private static final String DOCS =
      "[\"Carson City is the capital city of the American state of Nevada.\","
          + "\"The Commonwealth of the Northern Mariana Islands is a group of islands. Its capital is Saipan.\","
          + "\"Washington, D.C. is the capital of the United States.\"]";

  /** Each format's real answer: document 2 most relevant, then 0, then 1, sent out of order. */
  private static final Map<String, String> ANSWERS =
      Map.of(
          "/cohere/rerank",
          "{\"id\":\"c-1\",\"results\":[{\"index\":0,\"relevance_score\":0.3},{\"index\":2,\"relevance_score\":0.9},{\"index\":1,\"relevance_score\":0.1}],"
              + "\"meta\":{\"api_version\":{\"version\":\"2\"},\"billed_units\":{\"search_units\":1}}}",
          "/jina/rerank",
          "{\"model\":\"jina-reranker-v2\",\"usage\":{\"total_tokens\":61},\"results\":[{\"index\":2,\"document\":{\"text\":\"x\"},\"relevance_score\":0.9},{\"index\":0,\"document\":{\"text\":\"y\"},\"relevance_score\":0.3},{\"index\":1,\"document\":{\"text\":\"z\"},\"relevance_score\":0.1}]}",
          "/vllm/v1/rerank",
          "{\"id\":\"rerank-v\",\"model\":\"bge-reranker\",\"usage\":{\"total_tokens\":61},\"results\":[{\"index\":1,\"document\":{\"text\":\"z\"},\"relevance_score\":0.1},{\"index\":2,\"document\":{\"text\":\"x\"},\"relevance_score\":0.9},{\"index\":0,\"document\":{\"text\":\"y\"},\"relevance_score\":0.3}]}",
          "/xinference/v1/rerank",
          "{\"id\":\"x-1\",\"results\":[{\"index\":2,\"relevance_score\":0.9,\"document\":null},{\"index\":0,\"relevance_score\":0.3,\"document\":null},{\"index\":1,\"relevance_score\":0.1,\"document\":null}],"
              + "\"meta\":{\"api_version\":null,\"billed_units\":null,\"tokens\":{\"input_tokens\":61,\"output_tokens\":0},\"warnings\":null}}",
          "/tei/rerank",
          "[{\"index\":2,\"score\":0.9},{\"index\":0,\"score\":0.3},{\"index\":1,\"score\":0.1}]",
          "/dashscope/services/rerank/text-rerank/text-rerank",
          "{\"output\":{\"results\":[{\"index\":2,\"relevance_score\":0.9},{\"index\":0,\"relevance_score\":0.3},{\"index\":1,\"relevance_score\":0.1}]},"
              + "\"usage\":{\"total_tokens\":61},\"request_id\":\"ds-1\"}");

  private FakeUpstream upstream;
  private TestGateway gateway;

  @BeforeAll
  void start() {
    upstream =
        FakeUpstream.start()
            .respond(
                request -> {
                  String answer = ANSWERS.get(request.path());
                  return answer == null
                      ? FakeResponse.json(404, "{\"detail\":\"Not Found\"}")
                      : FakeResponse.json(200, answer);
                });
    StringBuilder yaml = new StringBuilder(TestGateway.authBlock()).append("upstreams:\n");
    StringBuilder routes = new StringBuilder("routes:\n");
    for (String format :
        new String[] {"cohere", "jina", "vllm", "xinference", "tei", "dashscope"}) {
      String base =
          switch (format) {
            case "vllm", "xinference" -> "/" + format + "/v1";
            default -> "/" + format;
          };
      yaml.append(
          """
            - name: %s
              type: rerank
              format: %s
              base_url: http://127.0.0.1:%d%s
              api_key: up-key
          """
              .formatted(format, format, upstream.port(), base));
      routes.append(
          "  - model: %s-rerank\n    targets: [{upstream: %s, model: %s-model}]\n"
              .formatted(format, format, format));
    }
    routes.append("  - model: echo-rerank\n    targets: [{upstream: offline, model: echo}]\n");
    yaml.append("  - name: offline\n    type: echo\n");
    gateway = TestGateway.start(yaml.append(routes).toString());
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cohere", "jina", "vllm", "xinference", "tei", "dashscope"})
  void everyUpstreamFormatAnswersInTheOneShape(String format) {
    HttpProbe.Result result =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/rerank",
            TestGateway.KEY,
            "{\"model\":\"%s-rerank\",\"query\":\"What is the capital of the United States?\",\"documents\":%s,\"top_n\":2,\"return_documents\":true}"
                .formatted(format, DOCS));
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    JsonNode body = result.json();
    assertThat(body.path("model").asText()).isEqualTo(format + "-rerank");
    JsonNode results = body.path("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).path("index").asInt()).isEqualTo(2);
    assertThat(results.get(0).path("relevance_score").asDouble()).isEqualTo(0.9);
    assertThat(results.get(0).path("document").path("text").asText())
        .isEqualTo("Washington, D.C. is the capital of the United States.");
    assertThat(results.get(1).path("index").asInt()).isZero();
    assertThat(body.path("usage").path("total_tokens").asLong()).isPositive();

    JsonNode sent = JsonTrees.tree(upstream.lastRequest().bodyText());
    assertThat(upstream.lastRequest().header("authorization")).isEqualTo("Bearer up-key");
    switch (format) {
      case "tei" -> {
        assertThat(sent.path("texts")).hasSize(3);
        assertThat(sent.path("query").asText()).startsWith("What is");
      }
      case "dashscope" -> {
        assertThat(sent.path("model").asText()).isEqualTo("dashscope-model");
        assertThat(sent.path("input").path("documents")).hasSize(3);
        assertThat(sent.path("parameters").path("top_n").asInt()).isEqualTo(2);
      }
      default -> {
        assertThat(sent.path("model").asText()).isEqualTo(format + "-model");
        assertThat(sent.path("documents")).hasSize(3);
        assertThat(sent.path("top_n").asInt()).isEqualTo(2);
      }
    }
  }

  @Test
  void difysValidationRequestWithoutReturnDocumentsAndWithUpstreamTokens() {
    HttpProbe.Result result =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/rerank",
            TestGateway.KEY,
            "{\"model\":\"jina-rerank\",\"query\":\"What is the capital of the United States?\",\"documents\":%s,\"top_n\":3}"
                .formatted(DOCS));
    assertThat(result.status()).isEqualTo(200);
    JsonNode results = result.json().path("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).has("document")).isFalse();
    assertThat(results.get(2).path("index").asInt()).isEqualTo(1);
    assertThat(result.json().path("usage").path("total_tokens").asLong()).isEqualTo(61);
  }

  @Test
  void theOfflineEchoModelReranksByWordOverlap() {
    HttpProbe.Result result =
        HttpProbe.post(
            gateway.baseUrl() + "/rerank",
            TestGateway.KEY,
            "{\"model\":\"echo-rerank\",\"query\":\"capital of the United States\",\"documents\":[{\"text\":\"Saipan is a capital\"},\"the capital of the United States is Washington\"]}");
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().path("results").get(0).path("index").asInt()).isEqualTo(1);
  }

  @Test
  void badRequestsGetOpenAisErrorShape() {
    HttpProbe.Result noDocuments =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/rerank",
            TestGateway.KEY,
            "{\"model\":\"jina-rerank\",\"query\":\"q\"}");
    assertThat(noDocuments.status()).isEqualTo(400);
    assertThat(noDocuments.json().path("error").path("param").asText()).isEqualTo("documents");
    HttpProbe.Result chatModel =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/chat/completions",
            TestGateway.KEY,
            "{\"model\":\"tei-rerank\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(chatModel.status()).isEqualTo(400);
    assertThat(chatModel.json().path("error").path("code").asText())
        .isEqualTo("unsupported_operation");
  }
}
