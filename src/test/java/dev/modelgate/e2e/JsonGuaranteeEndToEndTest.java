package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON guarantee through the real gateway, for an upstream with structured output (OpenAI) and
 * one without (Claude): a corpus of messy answers, each repaired, retried with the validation
 * errors, or replaced by the configured default, and the step in {@code x-modelgate-json}.
 */
class JsonGuaranteeEndToEndTest {
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
          + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"]}";
  private static final String ADA = "{\"name\":\"Ada\",\"age\":36}";

  /** One messy answer (and what the model says when asked again), and what the client must get. */
  record Case(String label, String first, String second, String expected, String verdict) {}

  static List<Case> corpus(boolean nativeOutput) {
    return List.of(
        new Case("clean", ADA, ADA, ADA, nativeOutput ? "native" : "instructed"),
        new Case(
            "prose around",
            "Sure! Here is the JSON you asked for: " + ADA + " Let me know if you need more.",
            ADA,
            ADA,
            "repaired"),
        new Case(
            "code fence",
            "```json\n{\n  \"name\": \"Ada\",\n  \"age\": 36\n}\n```",
            ADA,
            ADA,
            "repaired"),
        new Case("trailing commas", "{\"name\":\"Ada\",\"age\":36,}", ADA, ADA, "repaired"),
        new Case("single quotes, bare keys", "{name: 'Ada', age: 36}", ADA, ADA, "repaired"),
        new Case(
            "truncated",
            "{\"name\":\"Ada\",\"age\":36,\"tags\":[\"math\",\"engi",
            ADA,
            "{\"name\":\"Ada\",\"age\":36,\"tags\":[\"math\",\"engi\"]}",
            "repaired"),
        new Case(
            "wrong type, retried",
            "{\"name\":\"Ada\",\"age\":\"thirty-six\"}",
            ADA,
            ADA,
            "retried"),
        new Case(
            "no JSON twice, default",
            "I am sorry, I cannot answer in JSON.",
            "Still no JSON here.",
            "{\"name\":\"unknown\",\"age\":0}",
            "default"));
  }

  /** Through Anthropic's API both kinds of upstream are asked natively (Claude: as sent). */
  static Stream<Arguments> anthropicCases() {
    List<Arguments> out = new ArrayList<>();
    for (ScriptedAnswers.Style style : ScriptedAnswers.Style.values()) {
      for (Case c : corpus(true)) {
        out.add(Arguments.of(style, c));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (ScriptedAnswers.Style style : ScriptedAnswers.Style.values()) {
      for (Case c : corpus(style == ScriptedAnswers.Style.OPENAI)) {
        out.add(Arguments.of(style, c));
      }
    }
    return out.stream();
  }

  /** What the client got and what the upstream was sent. */
  record Exchange(HttpProbe.Result result, List<FakeUpstream.RecordedRequest> requests) {
    /** The status, the verdict header and the answer's text against the case; the first request. */
    String checked(Case c, String text) throws IOException {
      assertThat(result.status()).as(result.body()).isEqualTo(200);
      assertThat(Json.parse(text.getBytes())).isEqualTo(Json.parse(c.expected().getBytes()));
      assertThat(result.header("x-modelgate-json")).isEqualTo(c.verdict());
      boolean retried = c.verdict().equals("retried") || c.verdict().equals("default");
      assertThat(requests).hasSize(retried ? 2 : 1);
      return requests.get(0).bodyText();
    }
  }

  /** {@code body} posted to {@code path} of a gateway before an upstream scripted with the case. */
  private static Exchange ask(ScriptedAnswers.Style style, Case c, String path, String body)
      throws IOException {
    try (FakeUpstream upstream =
            FakeUpstream.start().respond(new ScriptedAnswers(style, true, c.first(), c.second()));
        TestGateway gateway = TestGateway.start(config(style, upstream.port()))) {
      HttpProbe.Result result = HttpProbe.post(gateway.baseUrl() + path, TestGateway.KEY, body);
      return new Exchange(result, List.copyOf(upstream.requests()));
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void messyAnswersBecomeValidJson(ScriptedAnswers.Style style, Case c) throws IOException {
    Exchange exchange =
        ask(
            style,
            c,
            "/v1/chat/completions",
            "{\"model\":\"people\",\"messages\":[{\"role\":\"user\",\"content\":\"Who is Ada?\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\","
                + "\"schema\":"
                + SCHEMA
                + "}}}");
    String firstRequest =
        exchange.checked(
            c,
            exchange
                .result()
                .json()
                .path("choices")
                .get(0)
                .path("message")
                .path("content")
                .asText());
    if (style == ScriptedAnswers.Style.OPENAI) {
      assertThat(firstRequest).contains("\"response_format\"").doesNotContain("valid against");
    } else {
      assertThat(firstRequest).contains("valid against this JSON Schema").contains("\\\"age\\\"");
    }
    if (c.verdict().equals("retried")) {
      assertThat(exchange.requests().get(1).bodyText())
          .contains("Validation errors")
          .contains("$.age: string found, integer expected")
          .contains("thirty-six");
    }
  }

  /**
   * The same corpus through Anthropic's API: structured output asked with {@code output_config},
   * natively of both kinds of upstream (OpenAI's as response_format, Claude's as sent), the
   * answer's text checked and repaired alike; a corrective request keeps asking natively.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("anthropicCases")
  void anthropicClientsGetTheGuaranteeToo(ScriptedAnswers.Style style, Case c) throws IOException {
    Exchange exchange =
        ask(
            style,
            c,
            "/v1/messages",
            "{\"model\":\"people\",\"max_tokens\":256,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Who is Ada?\"}],"
                + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":"
                + SCHEMA
                + "}}}");
    assertThat(exchange.result().json().path("type").asText()).isEqualTo("message");
    String firstRequest =
        exchange.checked(c, exchange.result().json().path("content").get(0).path("text").asText());
    if (style == ScriptedAnswers.Style.OPENAI) {
      assertThat(firstRequest)
          .contains("\"response_format\"")
          .doesNotContain("output_config")
          .doesNotContain("valid against");
    } else {
      assertThat(firstRequest)
          .as("Claude gets the client's request as sent, its output_config asking natively")
          .contains("\"output_config\"")
          .doesNotContain("valid against");
    }
    if (c.verdict().equals("retried")) {
      assertThat(exchange.requests().get(1).bodyText())
          .contains("$.age: string found, integer expected")
          .contains(style == ScriptedAnswers.Style.OPENAI ? "response_format" : "output_config");
    }
  }

  /** An OpenAI answer with one choice per text ({@code n} of them). */
  private static FakeResponse choices(String... texts) {
    com.fasterxml.jackson.databind.node.ObjectNode root = Json.object();
    root.put("id", "c-n").put("object", "chat.completion").put("created", 1).put("model", "m");
    com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("choices");
    for (int i = 0; i < texts.length; i++) {
      com.fasterxml.jackson.databind.node.ObjectNode choice = list.addObject().put("index", i);
      choice.putObject("message").put("role", "assistant").put("content", texts[i]);
      choice.put("finish_reason", "stop");
    }
    root.putObject("usage")
        .put("prompt_tokens", 5)
        .put("completion_tokens", 9)
        .put("total_tokens", 14);
    return FakeResponse.json(200, root.toString());
  }

  private static List<String> contents(HttpProbe.Result result) {
    List<String> out = new ArrayList<>();
    result.json().path("choices").forEach(c -> out.add(c.path("message").path("content").asText()));
    return out;
  }

  private static HttpProbe.Result askForTwo(TestGateway gateway) {
    return HttpProbe.post(
        gateway.baseUrl() + "/v1/chat/completions",
        TestGateway.KEY,
        "{\"model\":\"people\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Two people\"}],"
            + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\","
            + "\"schema\":"
            + SCHEMA
            + "}}}");
  }

  @Test
  void everyChoiceOfAnNGreaterThanOneAnswerIsRepairedOnItsOwn() throws IOException {
    String bob = "{\"name\":\"Bob\",\"age\":7}";
    try (FakeUpstream upstream =
            FakeUpstream.start()
                .respond(choices("```json\n" + ADA + "\n```", "{\"name\":\"Bob\",\"age\":7,}"));
        TestGateway gateway =
            TestGateway.start(config(ScriptedAnswers.Style.OPENAI, upstream.port()))) {
      HttpProbe.Result result = askForTwo(gateway);
      assertThat(result.status()).as(result.body()).isEqualTo(200);
      assertThat(result.header("x-modelgate-json")).isEqualTo("repaired");
      List<String> answers = contents(result);
      assertThat(answers).hasSize(2);
      assertThat(Json.parse(answers.get(0).getBytes())).isEqualTo(Json.parse(ADA.getBytes()));
      assertThat(Json.parse(answers.get(1).getBytes())).isEqualTo(Json.parse(bob.getBytes()));
    }
  }

  @Test
  void anInvalidSecondChoiceIsRetriedAndThenEveryChoiceGetsTheDefault() throws IOException {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    try (FakeUpstream upstream =
            FakeUpstream.start()
                .respond(
                    request ->
                        calls.incrementAndGet() == 1
                            ? choices(ADA, "{\"name\":\"Bob\",\"age\":\"seven\"}")
                            : choices(ADA, "no JSON at all"));
        TestGateway gateway =
            TestGateway.start(config(ScriptedAnswers.Style.OPENAI, upstream.port()))) {
      HttpProbe.Result result = askForTwo(gateway);
      assertThat(result.status()).as(result.body()).isEqualTo(200);
      assertThat(upstream.requests()).hasSize(2);
      assertThat(upstream.requests().get(1).bodyText())
          .as("the corrective request quotes the invalid choice")
          .contains("$.age: string found, integer expected")
          .contains("seven");
      assertThat(result.header("x-modelgate-json")).isEqualTo("default");
      assertThat(contents(result))
          .hasSize(2)
          .allSatisfy(
              text ->
                  assertThat(Json.parse(text.getBytes()))
                      .isEqualTo(Json.parse("{\"name\":\"unknown\",\"age\":0}".getBytes())));
    }
  }

  @Test
  void aStreamCarriesItsVerdictInTheFinalChunkReadableByTheOpenAiSdk() {
    try (FakeUpstream upstream =
            FakeUpstream.start()
                .respond(
                    ScriptedAnswers.openAiStream(
                        true, "```json\n{\"name\": \"Ada\",", " \"age\": 36,}", "\n```"));
        TestGateway gateway =
            TestGateway.start(config(ScriptedAnswers.Style.OPENAI, upstream.port()))) {
      OpenAIClient client = gateway.openAiClient();
      StringBuilder text = new StringBuilder();
      List<JsonValue> verdicts = new ArrayList<>();
      try (StreamResponse<ChatCompletionChunk> stream =
          client
              .chat()
              .completions()
              .createStreaming(
                  ChatCompletionCreateParams.builder()
                      .model("people")
                      .addUserMessage("Who is Ada?")
                      .responseFormat(ResponseFormatJsonObject.builder().build())
                      .build())) {
        stream.stream()
            .forEach(
                chunk -> {
                  chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
                  JsonValue verdict = chunk._additionalProperties().get("modelgate_json");
                  if (verdict != null) {
                    verdicts.add(verdict);
                  }
                });
      }
      assertThat(text.toString()).startsWith("```json");
      assertThat(verdicts).hasSize(1);
      @SuppressWarnings("unchecked")
      Map<String, Object> verdict = (Map<String, Object>) verdicts.get(0).convert(Map.class);
      assertThat(verdict).containsEntry("verdict", "repaired");
      assertThat(verdict.get("value")).isEqualTo(Map.of("name", "Ada", "age", 36));
    }
  }

  @Test
  void anInvalidStreamIsReportedInvalidWithItsErrors() {
    try (FakeUpstream upstream =
            FakeUpstream.start().respond(ScriptedAnswers.openAiStream(true, "no json at all"));
        TestGateway gateway =
            TestGateway.start(config(ScriptedAnswers.Style.OPENAI, upstream.port()))) {
      HttpProbe.Result result = postJsonStream(gateway, "");
      assertThat(result.header("x-modelgate-json")).isEqualTo("stream");
      JsonNode finish = verdictChunks(result).getFirst();
      assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
      assertThat(finish.path("modelgate_json").path("verdict").asText()).isEqualTo("invalid");
      assertThat(finish.path("modelgate_json").path("errors").get(0).asText()).contains("no JSON");
    }
  }

  /**
   * With {@code n: 2} each choice is judged on its own text when it finishes: the verdict names its
   * choice, a second choice finishing in the same chunk gets its verdict in a chunk of its own, and
   * a choice is judged once.
   */
  @Test
  void everyChoiceOfAStreamGetsItsOwnVerdict() {
    String head =
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
    List<String> events =
        List.of(
            head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\\\"a\\\": 1}\"}}]}",
            head + "\"choices\":[{\"index\":1,\"delta\":{\"content\":\"{'b': 2,}\"}}]}",
            head + "\"choices\":[{\"index\":2,\"delta\":{\"content\":\"nothing\"}}]}",
            head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            // a repeated finish (some servers resend it) is not judged again
            head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            head
                + "\"choices\":[{\"index\":1,\"delta\":{},\"finish_reason\":\"stop\"},"
                + "{\"index\":2,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "[DONE]");
    try (FakeUpstream upstream = FakeUpstream.start().respond(FakeResponse.sse(events));
        TestGateway gateway =
            TestGateway.start(config(ScriptedAnswers.Style.OPENAI, upstream.port()))) {
      List<JsonNode> chunks = verdictChunks(postJsonStream(gateway, "\"n\":3,"));
      assertThat(chunks).allSatisfy(c -> assertThat(c.path("id").asText()).isEqualTo("c1"));
      List<JsonNode> verdicts = chunks.stream().map(c -> c.path("modelgate_json")).toList();
      assertThat(verdicts)
          .extracting(v -> v.path("index").asInt() + ":" + v.path("verdict").asText())
          .containsExactly("0:valid", "1:repaired", "2:invalid");
      assertThat(verdicts.get(1).path("value")).isEqualTo(parse("{\"b\":2}"));
    }
  }

  /**
   * An Anthropic client's structured-output stream gets its verdict in the {@code message_delta}
   * event, readable by Anthropic's SDK: from an OpenAI-compatible upstream (the events encoded by
   * the gateway) and from Claude (its own events relayed, the verdict added to its message_delta).
   */
  @Test
  void anAnthropicStreamCarriesItsVerdictInMessageDeltaReadableByTheAnthropicSdk() {
    try (FakeUpstream openAi =
            FakeUpstream.start()
                .respond(
                    ScriptedAnswers.openAiStream(
                        true, "```json\n{\"name\": \"Ada\",", " \"age\": 36,}", "\n```"));
        TestGateway gateway =
            TestGateway.start(config(ScriptedAnswers.Style.OPENAI, openAi.port()))) {
      Map<String, Object> verdict = anthropicStreamVerdict(gateway, "Who is Ada?");
      assertThat(verdict).containsEntry("verdict", "repaired").containsEntry("index", 0);
      assertThat(verdict.get("value")).isEqualTo(Map.of("name", "Ada", "age", 36));
    }
    try (FakeUpstream claude = FakeUpstream.start().respond(AnthropicUpstreamScript::answer);
        TestGateway gateway =
            TestGateway.start(config(ScriptedAnswers.Style.ANTHROPIC, claude.port()))) {
      // The script answers "Claude says: <the question>", streamed word by word.
      Map<String, Object> repaired = anthropicStreamVerdict(gateway, ADA);
      assertThat(repaired).containsEntry("verdict", "repaired");
      assertThat(repaired.get("value")).isEqualTo(Map.of("name", "Ada", "age", 36));
      assertThat(claude.lastRequest().bodyText()).contains("\"output_config\"");
      Map<String, Object> invalid = anthropicStreamVerdict(gateway, "no json");
      assertThat(invalid).containsEntry("verdict", "invalid");
      assertThat(invalid.get("errors")).asList().isNotEmpty();
    }
  }

  /**
   * A relayed Claude stream that ends without a message_delta (message_stop straight after its
   * blocks) gets no events added for the verdict: a chunk after Claude's own events would be read
   * as another target's continuation, and the message closed a second time.
   */
  @Test
  void aRelayedClaudeStreamWithoutMessageDeltaGetsNoEventsAdded() {
    List<byte[]> events = new ArrayList<>();
    for (String event :
        List.of(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],"
                + "\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"{\\\"name\\\": \"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")) {
      events.add(event.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    try (FakeUpstream claude =
            FakeUpstream.start().respond(FakeResponse.raw(200, "text/event-stream", events));
        TestGateway gateway =
            TestGateway.start(config(ScriptedAnswers.Style.ANTHROPIC, claude.port()))) {
      HttpProbe.Result result =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/messages",
              TestGateway.KEY,
              anthropicStreamBody("Who is Ada?"));
      String body = result.body();
      assertThat(body).contains("text_delta").doesNotContain("event: message_delta");
      assertThat(body.indexOf("event: message_stop"))
          .isPositive()
          .isEqualTo(body.lastIndexOf("event: message_stop"));
      assertThat(body).doesNotContain("modelgate_json");
    }
  }

  private static String anthropicStreamBody(String question) {
    return "{\"model\":\"people\",\"max_tokens\":256,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":"
        + Json.MAPPER.getNodeFactory().textNode(question)
        + "}],\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":"
        + SCHEMA
        + "}}}";
  }

  /** The verdict of a streamed structured-output question asked with Anthropic's SDK. */
  private static Map<String, Object> anthropicStreamVerdict(TestGateway gateway, String question) {
    List<com.anthropic.core.JsonValue> verdicts = new ArrayList<>();
    try (com.anthropic.core.http.StreamResponse<com.anthropic.models.messages.RawMessageStreamEvent>
        stream =
            gateway
                .anthropicClient(TestGateway.KEY)
                .messages()
                .createStreaming(
                    com.anthropic.models.messages.MessageCreateParams.builder()
                        .model("people")
                        .maxTokens(256)
                        .addUserMessage(question)
                        .putAdditionalBodyProperty(
                            "output_config",
                            com.anthropic.core.JsonValue.from(
                                Map.of(
                                    "format",
                                    Map.of("type", "json_schema", "schema", parse(SCHEMA)))))
                        .build())) {
      stream.stream()
          .forEach(
              event ->
                  event
                      .messageDelta()
                      .map(d -> d._additionalProperties().get("modelgate_json"))
                      .ifPresent(verdicts::add));
    }
    assertThat(verdicts).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> verdict = (Map<String, Object>) verdicts.get(0).convert(Map.class);
    return verdict;
  }

  /** A streamed JSON-mode chat request, with {@code fields} (each followed by a comma) added. */
  private static HttpProbe.Result postJsonStream(TestGateway gateway, String fields) {
    return HttpProbe.post(
        gateway.baseUrl() + "/v1/chat/completions",
        TestGateway.KEY,
        "{\"model\":\"people\",\"stream\":true,"
            + fields
            + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
            + "\"response_format\":{\"type\":\"json_object\"}}");
  }

  /** The stream's chunks that carry a verdict, in order. */
  private static List<JsonNode> verdictChunks(HttpProbe.Result result) {
    return HttpProbe.dataEvents(result.body()).stream()
        .filter(e -> e.contains("modelgate_json"))
        .map(e -> parse(e))
        .toList();
  }

  private static JsonNode parse(String json) {
    try {
      return Json.parse(json.getBytes());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String config(ScriptedAnswers.Style style, int port) {
    String upstream =
        style == ScriptedAnswers.Style.OPENAI
            ? "type: openai\n    dialect: openai\n    base_url: http://127.0.0.1:%d/v1\n    api_key: sk-up"
            : "type: anthropic\n    base_url: http://127.0.0.1:%d\n    api_key: sk-ant";
    return TestGateway.authBlock()
        + ("""
        upstreams:
          - name: up
            %s
        routes:
          - model: people
            targets: [{upstream: up, model: upstream-model}]
            json:
              retry: true
              default: {name: unknown, age: 0}
        """)
            .formatted(upstream.formatted(port));
  }
}
