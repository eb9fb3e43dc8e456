package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.InternalServerException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A batch larger than an upstream takes is split, sent in parts and re-joined in input order, for a
 * relayed OpenAI-compatible upstream (base64 and float) and a translated one (Ollama), through the
 * official OpenAI SDK. Each fake vector encodes its input, so order is checked, not assumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingBatchEndToEndTest {
  private FakeUpstream openAi;
  private FakeUpstream ollama;
  private TestGateway gateway;
  private OpenAIClient client;

  /** The vector for an input: its length and its first character. */
  private static float[] vectorOf(String input) {
    return new float[] {input.length(), input.isEmpty() ? 0 : input.charAt(0)};
  }

  private static FakeResponse openAiEmbeddings(FakeUpstream.RecordedRequest request) {
    JsonNode body = parse(request.body());
    if (body.path("input").toString().contains("\"fail\"")) {
      return FakeResponse.json(500, "{\"error\":{\"message\":\"embedding worker died\"}}");
    }
    boolean base64 = "base64".equals(body.path("encoding_format").asText());
    ObjectNode answer = Json.object().put("object", "list").put("model", "bge-m3");
    ArrayNode data = answer.putArray("data");
    int i = 0;
    for (JsonNode input : body.path("input")) {
      float[] vector = vectorOf(input.asText());
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i++);
      if (base64) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
          buffer.putFloat(f);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(buffer.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : vector) {
          values.add(f);
        }
      }
    }
    answer.putObject("usage").put("prompt_tokens", i).put("total_tokens", i);
    return FakeResponse.json(200, answer.toString());
  }

  private static FakeResponse ollamaEmbed(FakeUpstream.RecordedRequest request) {
    JsonNode body = parse(request.body());
    ObjectNode answer = Json.object().put("model", "nomic-embed-text");
    ArrayNode embeddings = answer.putArray("embeddings");
    for (JsonNode input : body.path("input")) {
      ArrayNode vector = embeddings.addArray();
      for (float f : vectorOf(input.asText())) {
        vector.add(f);
      }
    }
    answer.put("prompt_eval_count", 10 * body.path("input").size());
    return FakeResponse.json(200, answer.toString());
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.parse(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  void start() {
    openAi = FakeUpstream.start().respond(EmbeddingBatchEndToEndTest::openAiEmbeddings);
    ollama = FakeUpstream.start().respond(EmbeddingBatchEndToEndTest::ollamaEmbed);
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - name: tei
                    type: openai
                    dialect: vllm
                    base_url: http://127.0.0.1:%d/v1
                    embedding_batch_size: 3
                  - name: ollama
                    type: ollama
                    base_url: http://127.0.0.1:%d
                    embedding_batch_size: 2
                routes:
                  - model: bge
                    targets: [{upstream: tei, model: bge-m3}]
                  - model: nomic
                    targets: [{upstream: ollama, model: nomic-embed-text}]
                """
                    .formatted(openAi.port(), ollama.port()));
    client = gateway.openAiClient();
  }

  @BeforeEach
  void clear() {
    openAi.reset();
    openAi.respond(EmbeddingBatchEndToEndTest::openAiEmbeddings);
    ollama.reset();
    ollama.respond(EmbeddingBatchEndToEndTest::ollamaEmbed);
  }

  @AfterAll
  void stop() {
    gateway.close();
    openAi.close();
    ollama.close();
  }

  private static List<String> inputs(int n) {
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inputs.add(String.valueOf((char) ('a' + i)).repeat(i + 1));
    }
    return inputs;
  }

  private static void assertInOrder(CreateEmbeddingResponse response, List<String> inputs) {
    assertThat(response.data()).hasSize(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      assertThat(response.data().get(i).index()).isEqualTo(i);
      float[] expected = vectorOf(inputs.get(i));
      assertThat(response.data().get(i).embedding()).containsExactly(expected[0], expected[1]);
    }
  }

  @Test
  void aRelayedBatchIsSplitAndRejoinedInOrderInTheSdksDefaultEncoding() {
    List<String> inputs = inputs(8);
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder().model("bge").inputOfArrayOfStrings(inputs).build());
    assertInOrder(response, inputs);
    assertThat(response.usage().promptTokens()).isEqualTo(8);
    assertThat(response.model()).isEqualTo("bge");
    List<Integer> sizes = new ArrayList<>();
    for (FakeUpstream.RecordedRequest request : openAi.requests()) {
      JsonNode body = parse(request.body());
      sizes.add(body.path("input").size());
      assertThat(body.path("model").asText()).isEqualTo("bge-m3");
    }
    assertThat(sizes).containsExactlyInAnyOrder(3, 3, 2);
  }

  @Test
  void floatEncodingJoinsToo() {
    List<String> inputs = inputs(5);
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("bge")
                    .inputOfArrayOfStrings(inputs)
                    .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                    .build());
    assertInOrder(response, inputs);
    assertThat(openAi.requests()).hasSize(2);
  }

  @Test
  void aTranslatedBatchIsSplitAndRejoinedInOrder() {
    List<String> inputs = inputs(5);
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("nomic")
                    .inputOfArrayOfStrings(inputs)
                    .build());
    assertInOrder(response, inputs);
    assertThat(response.usage().promptTokens()).isEqualTo(50);
    assertThat(ollama.requests()).hasSize(3);
  }

  @Test
  void aFailedPartFailsTheWholeBatchInOpenAisErrorShape() {
    List<String> inputs = new ArrayList<>(inputs(6));
    inputs.set(4, "fail");
    assertThatThrownBy(
            () ->
                client
                    .embeddings()
                    .create(
                        EmbeddingCreateParams.builder()
                            .model("bge")
                            .inputOfArrayOfStrings(inputs)
                            .build()))
        .isInstanceOf(InternalServerException.class)
        .hasMessageContaining("embedding worker died");
  }

  @Test
  void aBatchWithinTheLimitIsOneRequest() {
    client
        .embeddings()
        .create(
            EmbeddingCreateParams.builder().model("bge").inputOfArrayOfStrings(inputs(3)).build());
    assertThat(openAi.requests()).hasSize(1);
  }
}
