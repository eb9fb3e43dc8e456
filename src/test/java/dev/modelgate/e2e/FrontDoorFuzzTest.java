package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input at the front doors: malformed, truncated and mutated JSON, huge bodies, deep
 * nesting, wrong types, invalid UTF-8, oversized and injected headers. Each gets a clear 4xx in the
 * API's shape, and a good request right after still works.
 */
class FrontDoorFuzzTest {
  private static final String CHAT =
      "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],"
          + "\"temperature\":0.5,\"stream\":false}";
  private static final String MESSAGES =
      "{\"model\":\"echo\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway =
        TestGateway.start(
            "server:\n  host: 127.0.0.1\n  port: 0\n  max_body_bytes: 64KiB\n"
                + "  max_json_depth: 16\n  max_header_bytes: 4KiB\n"
                + TestGateway.authBlock()
                + TestGateway.echoRoutes("echo"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void malformedAndTruncatedJsonGetInvalidJson() throws Exception {
    for (String body :
        new String[] {"{", "{\"model\":", "nope", "[1,2]", "{\"model\":\"echo\"}}"}) {
      assertError(post("/v1/chat/completions", body.getBytes(StandardCharsets.UTF_8)), 400);
    }
    for (int cut = 1; cut < CHAT.length() - 1; cut += 3) {
      byte[] truncated = CHAT.substring(0, cut).getBytes(StandardCharsets.UTF_8);
      assertThat(assertError(post("/v1/chat/completions", truncated), 400))
          .as("cut at %d", cut)
          .isIn("invalid_json", "missing_required_parameter");
    }
    assertStillServing();
  }

  @Test
  void randomlyMutatedBodiesNeverBreakTheGateway() throws Exception {
    Random random = new Random(6);
    byte[] original = CHAT.getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 60; round++) {
      byte[] body = original.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
      }
      HttpResponse<byte[]> answer = post("/v1/chat/completions", body);
      if (answer.statusCode() != 200) {
        assertThat(answer.statusCode()).as("round %d", round).isBetween(400, 499);
        assertThat(errorOf(answer).path("message").asText()).isNotBlank();
      }
    }
    assertStillServing();
  }

  @Test
  void hugeBodiesDeepNestingAndWrongTypesAreRefusedClearly() throws Exception {
    byte[] huge = new byte[200 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertThat(assertError(post("/v1/chat/completions", huge), 413)).isEqualTo("request_too_large");

    String deep = "[".repeat(17) + "]".repeat(17);
    String tooDeep = CHAT.replace("\"temperature\":0.5", "\"metadata\":" + deep);
    HttpResponse<byte[]> nested = post("/v1/chat/completions", utf8(tooDeep));
    assertThat(assertError(nested, 400)).isEqualTo("invalid_json");
    assertThat(errorOf(nested).path("message").asText()).contains("deeper than 16");
    String veryDeep = "[".repeat(20_000) + "]".repeat(20_000);
    assertThat(assertError(post("/v1/chat/completions", utf8(veryDeep)), 400))
        .isEqualTo("invalid_json");
    String shallowEnough = "[".repeat(10) + "]".repeat(10);
    assertThat(
            post("/v1/chat/completions", utf8(CHAT.replace("0.5", "0.5,\"x\":" + shallowEnough)))
                .statusCode())
        .isEqualTo(200);

    assertThat(assertError(post("/v1/chat/completions", utf8(CHAT.replace("\"echo\"", "5"))), 400))
        .isIn("invalid_type", "invalid_json");
    assertThat(
            assertError(post("/v1/chat/completions", utf8(CHAT.replace("false", "\"yes\""))), 400))
        .isIn("invalid_type", "invalid_json");
    assertThat(
            assertError(post("/v1/chat/completions", utf8(CHAT.replace("[{", "{\"a\":[{"))), 400))
        .isNotBlank();
    assertStillServing();
  }

  @Test
  void invalidUtf8IsRefusedOnBothFrontDoors() throws Exception {
    byte[] badModel = utf8(CHAT.replace("\"echo\"", "\"ec#o\""));
    badModel[CHAT.indexOf("echo") + 2] = (byte) 0xff;
    assertThat(assertError(post("/v1/chat/completions", badModel), 400)).isEqualTo("invalid_json");
    byte[] badContent = utf8(CHAT.replace("hello", "hel#o"));
    badContent[CHAT.indexOf("hello") + 3] = (byte) 0xc3; // a lead byte without its continuation
    assertThat(post("/v1/chat/completions", badContent).statusCode()).isEqualTo(400);
    byte[] badMessages = utf8(MESSAGES.replace("hi", "h#"));
    badMessages[MESSAGES.indexOf("hi") + 1] = (byte) 0xfe;
    HttpResponse<byte[]> anthropic = post("/v1/messages", badMessages);
    assertThat(anthropic.statusCode()).isEqualTo(400);
    JsonNode shape = Json.parse(anthropic.body());
    assertThat(shape.path("type").asText()).isEqualTo("error");
    assertThat(shape.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    assertStillServing();
  }

  @Test
  void oversizedAndInjectedHeadersAreRefusedBeforeRouting() throws Exception {
    // 8 KiB is within Helidon's default (16 KiB) but over the configured 4 KiB.
    assertThat(rawStatus("X-Big: " + "a".repeat(2 * 1024) + "\r\n")).isEqualTo(200);
    assertThat(rawStatus("X-Big: " + "a".repeat(8 * 1024) + "\r\n")).isIn(400, 431);
    assertThat(rawStatus("X-Evil: a\rInjected: yes\r\n")).isEqualTo(400);
    assertThat(rawStatus("No colon here\r\n")).isEqualTo(400);
    assertThat(rawStatus("X-Nul: a\u0000b\r\n")).isEqualTo(400);
    // What the HTTP parser refuses still answers in the API's shape, by path, quoting nothing.
    String openAi = rawAnswer("/v1/chat/completions", "X-Evil: a\rInjected: yes\r\n");
    assertThat(jsonBody(openAi).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
    assertThat(openAi).doesNotContain("Injected");
    String anthropic = rawAnswer("/v1/messages", "X-Big: " + "a".repeat(8 * 1024) + "\r\n");
    assertThat(jsonBody(anthropic).path("type").asText()).isEqualTo("error");
    assertThat(jsonBody(anthropic).path("error").path("message").asText()).isNotBlank();
    assertStillServing();
  }

  private static void assertStillServing() throws Exception {
    assertThat(post("/v1/chat/completions", utf8(CHAT)).statusCode()).isEqualTo(200);
    assertThat(post("/v1/messages", utf8(MESSAGES)).statusCode()).isEqualTo(200);
  }

  /** Asserts an OpenAI-shaped error with {@code status}; returns its code. */
  private static String assertError(HttpResponse<byte[]> answer, int status) throws IOException {
    assertThat(answer.statusCode()).isEqualTo(status);
    JsonNode error = errorOf(answer);
    assertThat(error.path("message").asText()).isNotBlank();
    return error.path("code").asText();
  }

  private static JsonNode errorOf(HttpResponse<byte[]> answer) throws IOException {
    return Json.parse(answer.body()).path("error");
  }

  private static HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
            .header("Authorization", "Bearer " + TestGateway.KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends a chat request with {@code extraHeaderLines} as raw bytes; returns the status. */
  private static int rawStatus(String extraHeaderLines) throws IOException {
    return Integer.parseInt(rawAnswer("/v1/chat/completions", extraHeaderLines).substring(9, 12));
  }

  private static JsonNode jsonBody(String rawAnswer) throws IOException {
    return Json.parse(
        rawAnswer.substring(rawAnswer.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8));
  }

  /** The head and, by its Content-Length, the body of one answer (not waiting for the close). */
  private static String readAnswer(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
    byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
    return text + new String(body, StandardCharsets.UTF_8);
  }

  /** Sends a request to {@code path} with {@code extraHeaderLines} as raw bytes; the raw answer. */
  private static String rawAnswer(String path, String extraHeaderLines) throws IOException {
    byte[] body = utf8(CHAT);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + TestGateway.KEY
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n"
            + extraHeaderLines
            + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      byte[] request = new byte[head.length() + body.length];
      System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, request, 0, head.length());
      System.arraycopy(body, 0, request, head.length(), body.length);
      try {
        out.write(request);
        out.flush();
      } catch (java.net.SocketException e) {
        // The server may answer an oversized head and close before the rest is written: the
        // answer is still there to read.
      }
      return readAnswer(socket.getInputStream());
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
