package dev.modelgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.codec.Json;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.QuotaExceeded;
import dev.modelgate.error.RateLimited;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.error.UpstreamTimeout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiErrorsTest {

  private static GatewayException error(int status, String body) {
    return error(status, body, Map.of());
  }

  private static GatewayException error(int status, String body, Map<String, String> headers) {
    return OpenAiErrors.fromStatus(
        status, body.getBytes(StandardCharsets.UTF_8), headers::get, "openai-main");
  }

  private static String openAiError(String message, String type, String code) {
    return """
        {"error": {"message": "%s", "type": "%s", "param": null, "code": %s}}"""
        .formatted(message, type, code == null ? "null" : "\"" + code + "\"");
  }

  @Test
  void contextLengthExceededByCode() {
    GatewayException e =
        error(400, openAiError("Too long.", "invalid_request_error", "context_length_exceeded"));

    assertThat(e).isInstanceOf(ContextLengthExceeded.class).hasMessage("Too long.");
    assertThat(e.fallbackable()).isTrue();
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void contextLengthExceededByMessage() {
    String message =
        "This model's maximum context length is 8192 tokens. However, your messages resulted in"
            + " 9000 tokens. Please reduce the length of the messages.";

    GatewayException e = error(400, openAiError(message, "invalid_request_error", null));

    assertThat(e).isInstanceOf(ContextLengthExceeded.class).hasMessage(message);
  }

  @Test
  void unauthorizedIsRejectedWithStatusAndMessage() {
    String message = "Incorrect API key provided: sk-abc***wxyz.";

    GatewayException e =
        error(401, openAiError(message, "invalid_request_error", "invalid_api_key"));

    assertThat(e).isInstanceOf(UpstreamRejected.class).hasMessage(message);
    UpstreamRejected rejected = (UpstreamRejected) e;
    assertThat(rejected.status()).isEqualTo(401);
    assertThat(rejected.type()).isEqualTo("invalid_request_error");
    assertThat(rejected.code()).isEqualTo("invalid_api_key");
    assertThat(rejected.retryable()).isFalse();
    assertThat(rejected.fallbackable()).as("another target may have a working key").isTrue();
  }

  @Test
  void badRequestKeepsParam() {
    String body =
        """
        {"error": {"message": "Invalid value for 'temperature'.", "type": "invalid_request_error",
                   "param": "temperature", "code": "invalid_value"}}""";

    UpstreamRejected e = (UpstreamRejected) error(400, body);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.param()).isEqualTo("temperature");
    assertThat(e.fallbackable()).as("the request itself is at fault").isFalse();
  }

  @Test
  void rateLimitedWithRetryAfterSeconds() {
    GatewayException e =
        error(
            429,
            openAiError("Rate limit reached for requests", "requests", "rate_limit_exceeded"),
            Map.of("retry-after", "7"));

    assertThat(e).isInstanceOf(RateLimited.class).hasMessage("Rate limit reached for requests");
    RateLimited limited = (RateLimited) e;
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(limited.fromUpstream()).isTrue();
    assertThat(limited.retryable()).isTrue();
  }

  @Test
  void rateLimitedWithoutRetryAfter() {
    RateLimited e = (RateLimited) error(429, openAiError("Slow down", "requests", null));

    assertThat(e.retryAfter()).isNull();
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void insufficientQuotaIsQuotaExceededNotRetryable() {
    GatewayException e =
        error(
            429,
            openAiError(
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota",
                "insufficient_quota"),
            Map.of("retry-after", "1"));

    assertThat(e).isInstanceOf(QuotaExceeded.class);
    assertThat(((QuotaExceeded) e).status()).isEqualTo(429);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void insufficientQuotaRecognisedByTypeAlone() {
    GatewayException e = error(429, openAiError("No credit", "insufficient_quota", null));

    assertThat(e).isInstanceOf(QuotaExceeded.class);
  }

  @Test
  void paymentRequiredIsQuotaExceeded() {
    GatewayException e =
        error(402, "{\"error\":{\"message\":\"Insufficient Balance\",\"type\":\"unknown_error\"}}");

    assertThat(e).isInstanceOf(QuotaExceeded.class).hasMessage("Insufficient Balance");
    assertThat(((QuotaExceeded) e).status()).isEqualTo(402);
    assertThat(e.retryable()).isFalse();
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 503, 504})
  void serverErrorsAreOverloadedAndRetryable(int status) {
    GatewayException e =
        error(status, openAiError("The server is overloaded", "server_error", null));

    assertThat(e).isInstanceOf(UpstreamOverloaded.class).hasMessage("The server is overloaded");
    assertThat(((UpstreamOverloaded) e).upstreamStatus()).isEqualTo(status);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void requestTimeoutIsUpstreamTimeout() {
    assertThat(error(408, "")).isInstanceOf(UpstreamTimeout.class);
  }

  @Test
  void vllmFlatErrorBody() {
    String body =
        """
        {"object": "error", "message": "The model `llama-3` does not exist.",
         "type": "NotFoundError", "param": null, "code": 404}""";

    GatewayException e = error(404, body);

    assertThat(e)
        .isInstanceOf(UpstreamRejected.class)
        .hasMessage("The model `llama-3` does not exist.");
    UpstreamRejected rejected = (UpstreamRejected) e;
    assertThat(rejected.status()).isEqualTo(404);
    assertThat(rejected.type()).isEqualTo("NotFoundError");
    assertThat(rejected.code()).isEqualTo("404");
  }

  @Test
  void vllmFlatErrorBodyWithContextLengthMessage() {
    String body =
        """
        {"object":"error","message":"This model's maximum context length is 4096 tokens. \
        However, you requested 5000 tokens.","type":"BadRequestError","param":null,"code":400}""";

    assertThat(error(400, body)).isInstanceOf(ContextLengthExceeded.class);
  }

  @Test
  void errorGivenAsPlainString() {
    GatewayException e = error(400, "{\"error\": \"model is required\"}");

    assertThat(e).isInstanceOf(UpstreamRejected.class).hasMessage("model is required");
  }

  @Test
  void nonJsonBodyBecomesTheMessage() {
    GatewayException e = error(502, "  <html>502 Bad Gateway</html>\n");

    assertThat(e).isInstanceOf(UpstreamOverloaded.class).hasMessage("<html>502 Bad Gateway</html>");
  }

  @Test
  void longNonJsonBodyIsCut() {
    GatewayException e = error(503, "x".repeat(5000));

    assertThat(e.getMessage()).hasSize(512);
  }

  @Test
  void emptyBodyNamesTargetAndStatus() {
    GatewayException e = error(503, "");

    assertThat(e).hasMessage("Upstream openai-main answered HTTP 503");
  }

  @Test
  void zhipuSensitiveContentCodeIsContentFiltered() {
    String body =
        """
        {"error": {"code": "1301", "message": "系统检测到输入或生成内容可能包含不安全或敏感内容"}}""";

    GatewayException e = error(400, body);

    assertThat(e).isInstanceOf(ContentFiltered.class);
    assertThat(e.getMessage()).startsWith("系统检测到");
    assertThat(e.fallbackable()).isTrue();
  }

  @Test
  void azureContentFilterCodeIsContentFiltered() {
    GatewayException e =
        error(
            400,
            openAiError("The response was filtered", "invalid_request_error", "content_filter"));

    assertThat(e).isInstanceOf(ContentFiltered.class);
  }

  @Test
  void streamErrorEventWithContentFilterCode() throws IOException {
    GatewayException e =
        OpenAiErrors.fromStreamError(
            Json.parse(
                "{\"error\":{\"code\":\"1301\",\"message\":\"unsafe\"}}"
                    .getBytes(StandardCharsets.UTF_8)));

    assertThat(e).isInstanceOf(ContentFiltered.class).hasMessage("unsafe");
  }

  @Test
  void otherStreamErrorEventIsProtocolError() throws IOException {
    GatewayException e =
        OpenAiErrors.fromStreamError(
            Json.parse("{\"error\":\"backend crashed\"}".getBytes(StandardCharsets.UTF_8)));

    assertThat(e).isInstanceOf(UpstreamProtocol.class).hasMessage("backend crashed");
  }
}
