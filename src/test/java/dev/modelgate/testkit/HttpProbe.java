package dev.modelgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A plain HTTP client for wire-level assertions: exact status, headers, body and SSE events. */
public final class HttpProbe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A complete response. */
  public record Result(
      int status, Map<String, List<String>> headers, String body, List<String> events) {
    public JsonNode json() {
      try {
        return Json.parse(body.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new AssertionError("body is not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  private HttpProbe() {}

  public static Result post(String url, String key, String body) {
    return post(url, key, body, Map.of());
  }

  public static Result post(String url, String key, String body, Map<String, String> extraHeaders) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    extraHeaders.forEach(request::header);
    return send(request.build());
  }

  /** Any method, with an optional JSON body. */
  public static Result send(String method, String url, String key, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  public static Result get(String url, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  private static Result send(HttpRequest request) {
    try {
      HttpResponse<InputStream> response =
          CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
      String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(response.statusCode(), response.headers().map(), body, dataEvents(body));
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The {@code data:} payloads of an SSE body, in order (comments and blank lines skipped). */
  public static List<String> dataEvents(String body) {
    List<String> events = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new java.io.StringReader(body))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data:")) {
          events.add(line.substring(5).strip());
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return events;
  }

  /** Opens a stream and returns a reader over its raw lines, for tests that stop reading midway. */
  public static BufferedReader openStream(String url, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<InputStream> response =
        CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }
}
