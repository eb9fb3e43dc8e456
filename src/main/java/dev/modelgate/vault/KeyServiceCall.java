package dev.modelgate.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;

/**
 * One JSON POST to a remote key service (AWS KMS, Vault Transit). A refusal or an unreachable
 * service is a {@link GeneralSecurityException}, as Tink expects of an AEAD; its message names the
 * service and the status, never the body sent (it carries key material).
 */
final class KeyServiceCall {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  private KeyServiceCall() {}

  static JsonNode post(URI uri, Map<String, String> headers, byte[] body, String service)
      throws GeneralSecurityException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, value) -> {
          if (!name.equalsIgnoreCase("host")) {
            request.header(name, value);
          }
        });
    HttpResponse<byte[]> response;
    try {
      response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new GeneralSecurityException(service + " is unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GeneralSecurityException(service + ": interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new GeneralSecurityException(
          service + " refused the request (HTTP " + response.statusCode() + ")");
    }
    try {
      return Json.parse(response.body());
    } catch (IOException e) {
      throw new GeneralSecurityException(service + " answered JSON that does not parse", e);
    }
  }

  /** The base64 text of {@code field} in {@code node}, decoded. */
  static byte[] base64(JsonNode node, String field, String service)
      throws GeneralSecurityException {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new GeneralSecurityException(service + " answered without " + field);
    }
    try {
      return java.util.Base64.getDecoder().decode(value.asText());
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException(service + " answered " + field + " that is not base64");
    }
  }

  /** The authority as a client sends it in {@code Host}: the port only when not the default. */
  static String host(URI uri) {
    int port = uri.getPort();
    return port == -1 ? uri.getHost() : uri.getHost() + ":" + port;
  }
}
