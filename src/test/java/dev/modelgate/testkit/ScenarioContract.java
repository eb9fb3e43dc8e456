package dev.modelgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The scenario half of the contract every provider passes (see {@link ProviderContract}): the same
 * scenarios, replayed by a fake upstream in the provider's own wire format, asserted on what an
 * OpenAI client receives through the whole gateway over real sockets. A provider test extends this,
 * names its scenario folders and its upstream configuration; scenarios needing a capability the
 * provider lacks are left out by {@link #supports}.
 *
 * <p>Every scenario routes the public model {@code contract-model} to the upstream model {@code
 * upstream-model}, so name mapping is checked in each one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScenarioContract {
  protected FakeUpstream upstream;
  protected TestGateway gateway;

  /** Resource folders of scenarios, shared ones first (for example {@code wire/openai}). */
  protected abstract List<String> scenarioFolders();

  /**
   * The YAML of one upstream named {@code contract} (a list item under {@code upstreams:}) reaching
   * the fake at {@code baseUrl}, with first-byte and idle timeouts of 1s.
   */
  protected abstract String upstreamYaml(String baseUrl);

  /** The fake's base URL as this provider's configuration expects it. */
  protected String fakeBaseUrl() {
    return upstream.baseUrl();
  }

  /** Whether the provider has what a scenario needs; all by default. */
  protected boolean supports(String capability) {
    return true;
  }

  @BeforeAll
  void startAll() {
    upstream = FakeUpstream.start();
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + "upstreams:\n"
                + upstreamYaml(fakeBaseUrl()).indent(2)
                + "routes:\n"
                + "  - model: contract-model\n"
                + "    targets:\n"
                + "      - upstream: contract\n"
                + "        model: upstream-model\n"
                // The kit checks how the adapter encodes response_format, not the JSON guarantee.
                + "    json: {enabled: false}\n");
  }

  @AfterAll
  void stopAll() {
    gateway.close();
    upstream.close();
  }

  @TestFactory
  Stream<DynamicTest> scenarios() {
    List<WireScenario> all = new ArrayList<>();
    for (String folder : scenarioFolders()) {
      for (String resource : list(folder)) {
        all.add(WireScenario.load(resource));
      }
    }
    assertThat(all).as("scenarios in " + scenarioFolders()).isNotEmpty();
    return all.stream()
        .filter(s -> s.needs().stream().allMatch(this::supports))
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> run(s)));
  }

  private void run(WireScenario scenario) {
    upstream.reset();
    upstream.respond(scenario.upstreamResponse());
    HttpProbe.Result result =
        HttpProbe.post(
            gateway.baseUrl() + scenario.requestPath(), TestGateway.KEY, scenario.requestBody());
    JsonNode expect = scenario.expect();
    assertThat(result.status())
        .as("status; body: " + result.body())
        .isEqualTo(expect.path("status").asInt(200));
    for (var header : expect.path("headers").properties()) {
      assertThat(result.header(header.getKey()))
          .as("header " + header.getKey())
          .isEqualTo(header.getValue().asText());
    }
    assertThat(result.header("x-request-id")).isNotBlank();
    if (expect.has("json")) {
      JsonSubset.assertIncludes(result.json(), expect.path("json"));
    }
    if (expect.has("events")) {
      assertEvents(result, expect);
    }
    if (scenario.expectUpstream().isObject() && !scenario.expectUpstream().isEmpty()) {
      assertUpstream(scenario.expectUpstream());
    }
  }

  private static void assertEvents(HttpProbe.Result result, JsonNode expect) {
    List<String> events = new ArrayList<>(result.events());
    boolean done = !events.isEmpty() && events.getLast().equals("[DONE]");
    assertThat(done)
        .as("stream ends with [DONE]; events: " + events)
        .isEqualTo(expect.path("done").asBoolean(true));
    if (done) {
      events.removeLast();
    }
    List<JsonNode> parsed = new ArrayList<>();
    for (String event : events) {
      parsed.add(parse(event));
    }
    JsonNode error = expect.get("error");
    if (error != null) {
      assertThat(parsed).as("an error event ends the stream").isNotEmpty();
      JsonSubset.assertIncludes(parsed.removeLast(), error);
    }
    JsonNode expected = expect.path("events");
    assertThat(parsed).as("events: " + events).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonSubset.assertIncludes(parsed.get(i), expected.get(i));
    }
  }

  private void assertUpstream(JsonNode expect) {
    FakeUpstream.RecordedRequest request = upstream.lastRequest();
    if (expect.has("path")) {
      // A suffix: the same scenario serves providers whose base URLs differ in their prefix.
      assertThat(request.path()).endsWith(expect.path("path").asText());
    }
    for (var header : expect.path("headers").properties()) {
      String actual = request.header(header.getKey());
      if (header.getValue().asText().equals("<any>")) {
        assertThat(actual).as("upstream header " + header.getKey()).isNotBlank();
      } else {
        assertThat(actual)
            .as("upstream header " + header.getKey())
            .isEqualTo(header.getValue().asText());
      }
    }
    if (expect.has("method")) {
      assertThat(request.method()).isEqualTo(expect.path("method").asText());
    }
    if (expect.has("empty_body")) {
      assertThat(request.body()).as("upstream body").isEmpty();
    }
    if (!expect.has("json") && !expect.has("absent")) {
      return;
    }
    JsonNode body = parse(request.bodyText());
    if (expect.has("json")) {
      JsonSubset.assertIncludes(body, expect.path("json"));
    }
    for (JsonNode absent : expect.path("absent")) {
      assertThat(body.at(absent.asText()).isMissingNode())
          .as("upstream body has no " + absent.asText() + ": " + body)
          .isTrue();
    }
  }

  static JsonNode parse(String json) {
    try {
      return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static List<String> list(String folder) {
    try {
      URL url = ProviderContract.class.getClassLoader().getResource(folder);
      if (url == null) {
        throw new IllegalArgumentException("no scenario folder " + folder);
      }
      try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
        return files
            .map(p -> folder + "/" + p.getFileName())
            .filter(n -> n.endsWith(".json"))
            .sorted()
            .toList();
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Capabilities a scenario may name in its {@code needs}. */
  public static final Set<String> CAPABILITIES =
      Set.of("streaming", "tools", "parallel_tools", "vision", "usage_in_stream");
}
