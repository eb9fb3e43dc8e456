package dev.modelgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One recorded exchange, read from {@code src/test/resources/wire/<provider>/<scenario>.json}: what
 * the client sends, what the upstream answers in its own wire format (with faults), and what the
 * client and the upstream must see.
 */
public record WireScenario(String name, JsonNode root) {

  public static WireScenario load(String resource) {
    try (InputStream in = WireScenario.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no scenario " + resource);
      }
      String name = resource.substring(resource.lastIndexOf('/') + 1).replace(".json", "");
      return new WireScenario(name, Json.parse(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String requestPath() {
    return root.path("request").path("path").asText("/v1/chat/completions");
  }

  public String requestBody() {
    return root.path("request").path("body").toString();
  }

  public boolean streams() {
    return root.path("request").path("body").path("stream").asBoolean(false);
  }

  /** The upstream's answer as the fake will send it. */
  public FakeResponse upstreamResponse() {
    JsonNode upstream = root.path("upstream");
    int status = upstream.path("status").asInt(200);
    FakeResponse response;
    if (upstream.has("sse")) {
      List<String> events = new ArrayList<>();
      upstream.path("sse").forEach(e -> events.add(e.isTextual() ? e.asText() : e.toString()));
      response = FakeResponse.sse(events);
      if (status != 200) {
        response =
            new FakeResponse(
                status,
                response.headers(),
                response.parts(),
                true,
                Duration.ZERO,
                Duration.ZERO,
                -1,
                -1);
      }
    } else if (upstream.has("raw")) {
      List<byte[]> parts = new ArrayList<>();
      upstream.path("raw").forEach(p -> parts.add(p.asText().getBytes(StandardCharsets.UTF_8)));
      response =
          FakeResponse.raw(
              status, upstream.path("content_type").asText("text/event-stream"), parts);
    } else {
      JsonNode body = upstream.path("json");
      response = FakeResponse.json(status, body.isTextual() ? body.asText() : body.toString());
    }
    for (var header : upstream.path("headers").properties()) {
      response = response.withHeader(header.getKey(), header.getValue().asText());
    }
    if (upstream.has("first_byte_delay_ms")) {
      response =
          response.withFirstByteDelay(
              Duration.ofMillis(upstream.path("first_byte_delay_ms").asLong()));
    }
    if (upstream.has("gap_ms")) {
      response = response.withGap(Duration.ofMillis(upstream.path("gap_ms").asLong()));
    }
    if (upstream.has("cut_after")) {
      response = response.cutAfter(upstream.path("cut_after").asInt());
    }
    if (upstream.has("reset_after")) {
      response = response.resetAfter(upstream.path("reset_after").asInt());
    }
    return response;
  }

  public JsonNode expectUpstream() {
    return root.path("expect_upstream");
  }

  public JsonNode expect() {
    return root.path("expect");
  }

  /**
   * Capabilities the scenario needs ({@code tools}, {@code streaming}...), so a kit can skip it.
   */
  public List<String> needs() {
    List<String> needs = new ArrayList<>();
    root.path("needs").forEach(n -> needs.add(n.asText()));
    return needs;
  }

  @Override
  public String toString() {
    return name;
  }
}
