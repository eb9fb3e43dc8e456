package dev.modelgate.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.provider.spi.Secret;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A master key in AWS KMS: data keys are wrapped by KMS {@code Encrypt} and opened by {@code
 * Decrypt} (the JSON 1.1 protocol: {@code X-Amz-Target: TrentService.Encrypt}, SigV4-signed), so
 * the key itself never leaves KMS. The associated data travels as the encryption context {@code
 * modelgate}, which KMS binds to the ciphertext. Its id is {@code aws-kms:} and the key id.
 */
public final class AwsKmsMasterKey implements MasterKey {
  /** Where KMS is and who calls it; {@code endpoint} defaults to the region's public one. */
  public record Settings(
      URI endpoint,
      String region,
      String keyId,
      String accessKeyId,
      Secret secretAccessKey,
      @Nullable Secret sessionToken) {
    @Override
    public String toString() {
      return "AwsKms[" + endpoint + ", " + region + ", " + keyId + ", <redacted>]";
    }
  }

  private static final String SERVICE = "AWS KMS";
  private final Settings settings;
  private final Clock clock;

  public AwsKmsMasterKey(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String id() {
    return "aws-kms:" + settings.keyId();
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    ObjectNode body = request(associatedData);
    body.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
    return KeyServiceCall.base64(call("Encrypt", body), "CiphertextBlob", SERVICE);
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    ObjectNode body = request(associatedData);
    body.put("CiphertextBlob", Base64.getEncoder().encodeToString(ciphertext));
    return KeyServiceCall.base64(call("Decrypt", body), "Plaintext", SERVICE);
  }

  private ObjectNode request(byte[] associatedData) {
    ObjectNode body = Json.object().put("KeyId", settings.keyId());
    body.putObject("EncryptionContext")
        .put("modelgate", Base64.getEncoder().encodeToString(associatedData));
    return body;
  }

  private JsonNode call(String action, ObjectNode body) throws GeneralSecurityException {
    byte[] bytes = Json.bytes(body);
    URI uri = settings.endpoint();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", KeyServiceCall.host(uri));
    headers.put("content-type", "application/x-amz-json-1.1");
    headers.put("x-amz-date", AwsSigV4.AMZ_DATE.format(clock.instant()));
    headers.put("x-amz-target", "TrentService." + action);
    if (settings.sessionToken() != null) {
      headers.put("x-amz-security-token", settings.sessionToken().value());
    }
    String authorization =
        AwsSigV4.authorization(
            "POST",
            uri,
            headers,
            bytes,
            clock.instant(),
            settings.region(),
            "kms",
            settings.accessKeyId(),
            settings.secretAccessKey().value());
    headers.put("authorization", authorization);
    return KeyServiceCall.post(uri, headers, bytes, SERVICE + " " + action);
  }

  @Override
  public String toString() {
    return "AwsKmsMasterKey[" + settings + "]";
  }
}
