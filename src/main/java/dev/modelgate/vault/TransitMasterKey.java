package dev.modelgate.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.provider.spi.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * A master key in HashiCorp Vault's Transit engine: {@code POST /v1/<mount>/encrypt/<key>} with
 * {@code {"plaintext": base64}} answers {@code {"data":{"ciphertext":"vault:v1:..."}}}, and {@code
 * decrypt} reverses it, authenticated by {@code X-Vault-Token}. Transit keys take no associated
 * data unless derived, so its SHA-256 is sealed in front of the data key and checked on the way
 * back. The stored wrapped key is the {@code vault:v1:...} text. Its id is {@code transit:} and the
 * key name.
 */
public final class TransitMasterKey implements MasterKey {
  /** The Vault server, the Transit mount (usually {@code transit}), the key and the token. */
  public record Settings(URI address, String mount, String key, Secret token) {
    @Override
    public String toString() {
      return "Transit[" + address + ", " + mount + "/" + key + ", <redacted>]";
    }
  }

  private static final String SERVICE = "Vault Transit";
  private static final int BINDING = 32;
  private final Settings settings;

  public TransitMasterKey(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String id() {
    return "transit:" + settings.mount() + "/" + settings.key();
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    byte[] bound = Arrays.copyOf(binding(associatedData), BINDING + plaintext.length);
    System.arraycopy(plaintext, 0, bound, BINDING, plaintext.length);
    JsonNode reply =
        call("encrypt", Json.object().put("plaintext", Base64.getEncoder().encodeToString(bound)));
    JsonNode ciphertext = reply.path("data").path("ciphertext");
    if (!ciphertext.isTextual() || !ciphertext.asText().startsWith("vault:")) {
      throw new GeneralSecurityException(SERVICE + " answered without data.ciphertext");
    }
    return ciphertext.asText().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    JsonNode reply =
        call(
            "decrypt",
            Json.object().put("ciphertext", new String(ciphertext, StandardCharsets.UTF_8)));
    byte[] bound = KeyServiceCall.base64(reply.path("data"), "plaintext", SERVICE);
    if (bound.length < BINDING
        || !MessageDigest.isEqual(Arrays.copyOf(bound, BINDING), binding(associatedData))) {
      throw new GeneralSecurityException("the wrapped key belongs to another credential");
    }
    return Arrays.copyOfRange(bound, BINDING, bound.length);
  }

  private JsonNode call(String operation, com.fasterxml.jackson.databind.node.ObjectNode body)
      throws GeneralSecurityException {
    String base = settings.address().toString().replaceAll("/+$", "");
    URI uri = URI.create(base + "/v1/" + settings.mount() + "/" + operation + "/" + settings.key());
    return KeyServiceCall.post(
        uri,
        Map.of("X-Vault-Token", settings.token().value(), "Content-Type", "application/json"),
        Json.bytes(body),
        SERVICE + " " + operation);
  }

  private static byte[] binding(byte[] associatedData) {
    return AwsSigV4.sha256(associatedData);
  }

  @Override
  public String toString() {
    return "TransitMasterKey[" + settings + "]";
  }
}
