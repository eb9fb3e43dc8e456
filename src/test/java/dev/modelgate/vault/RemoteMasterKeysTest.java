package dev.modelgate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.store.CredentialStore.Sealed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * AWS KMS and Vault Transit master keys against loopback fakes that follow their wire formats: the
 * fakes check the headers and JSON fields and really encrypt (AES-GCM with a key only they hold),
 * so a data key wrapped through them opens only through them.
 */
class RemoteMasterKeysTest {
  private static final Instant NOW = Instant.parse("2030-05-06T07:08:09Z");
  private static final byte[] FAKE_KEY = new byte[32];

  static {
    new java.security.SecureRandom().nextBytes(FAKE_KEY);
  }

  @Test
  void sigV4MatchesAwsDocumentedExample() {
    // The IAM ListUsers example of AWS's "Signature Version 4 signing process" documentation.
    String authorization =
        AwsSigV4.authorization(
            "GET",
            URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "Host", "iam.amazonaws.com",
                "X-Amz-Date", "20150830T123600Z"),
            new byte[0],
            Instant.parse("2015-08-30T12:36:00Z"),
            "us-east-1",
            "iam",
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    assertThat(authorization)
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date,"
                + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void awsKmsWrapsAndOpensDataKeysOverItsJsonProtocol() throws Exception {
    try (KeyServiceFakes kms = new KeyServiceFakes(RemoteMasterKeysTest::kms)) {
      AwsKmsMasterKey master =
          new AwsKmsMasterKey(
              new AwsKmsMasterKey.Settings(
                  URI.create(kms.url() + "/"),
                  "eu-west-1",
                  "alias/modelgate",
                  "AKIDTEST",
                  new Secret("test-secret-access-key"),
                  null),
              Clock.fixed(NOW, ZoneOffset.UTC));
      Sealed sealed = EnvelopeCipher.seal(master, "qwen-prod", 1, "sk-through-kms");
      assertThat(EnvelopeCipher.open(master, "qwen-prod", sealed)).isEqualTo("sk-through-kms");
      assertThat(master.id()).isEqualTo("aws-kms:alias/modelgate");

      KeyServiceFakes.Received encrypt = kms.received.get(0);
      assertThat(encrypt.headers())
          .containsEntry("x-amz-target", "TrentService.Encrypt")
          .containsEntry("content-type", "application/x-amz-json-1.1")
          .containsEntry("x-amz-date", "20300506T070809Z");
      assertThat(encrypt.headers().get("authorization"))
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/20300506/eu-west-1/kms/aws4_request,")
          .contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,")
          .doesNotContain("test-secret-access-key");
      assertThat(encrypt.body().path("KeyId").asText()).isEqualTo("alias/modelgate");
      assertThat(encrypt.body().path("EncryptionContext").path("modelgate").asText()).isNotEmpty();
      assertThat(kms.received.get(1).headers())
          .containsEntry("x-amz-target", "TrentService.Decrypt");

      // The same wrapped key under another credential's context is refused by KMS.
      assertThatThrownBy(
              () ->
                  EnvelopeCipher.open(
                      master, "other", new Sealed(1, sealed.sealedValue(), sealed.dataKey())))
          .isInstanceOf(VaultException.class);
    }
  }

  /** KMS: checks the signature is present and well-formed, then encrypts with its own key. */
  private static KeyServiceFakes.Answer kms(KeyServiceFakes.Received request, KeyServiceFakes f) {
    String target = request.headers().getOrDefault("x-amz-target", "");
    String auth = request.headers().getOrDefault("authorization", "");
    if (!auth.matches(
            "AWS4-HMAC-SHA256 Credential=\\S+, SignedHeaders=\\S+, Signature=[0-9a-f]{64}")
        || !request.headers().containsKey("x-amz-date")) {
      return new KeyServiceFakes.Answer(
          400, Json.object().put("__type", "MissingAuthenticationToken"));
    }
    byte[] context =
        request
            .body()
            .path("EncryptionContext")
            .path("modelgate")
            .asText()
            .getBytes(StandardCharsets.UTF_8);
    try {
      if (target.equals("TrentService.Encrypt")) {
        byte[] plaintext = Base64.getDecoder().decode(request.body().path("Plaintext").asText());
        ObjectNode answer = Json.object().put("KeyId", "arn:aws:kms:eu-west-1:1:key/test");
        return KeyServiceFakes.ok(answer.put("CiphertextBlob", b64(gcm(true, plaintext, context))));
      }
      if (target.equals("TrentService.Decrypt")) {
        byte[] blob = Base64.getDecoder().decode(request.body().path("CiphertextBlob").asText());
        return KeyServiceFakes.ok(Json.object().put("Plaintext", b64(gcm(false, blob, context))));
      }
    } catch (GeneralSecurityException e) {
      return new KeyServiceFakes.Answer(
          400, Json.object().put("__type", "InvalidCiphertextException"));
    }
    return new KeyServiceFakes.Answer(400, Json.object().put("__type", "UnknownOperation"));
  }

  @Test
  void vaultTransitWrapsAndOpensDataKeysWithItsToken() throws Exception {
    try (KeyServiceFakes transit = new KeyServiceFakes(RemoteMasterKeysTest::transit)) {
      TransitMasterKey master =
          new TransitMasterKey(
              new TransitMasterKey.Settings(
                  URI.create(transit.url()), "transit", "modelgate", new Secret("hvs.test-token")));
      Sealed sealed = EnvelopeCipher.seal(master, "qwen-prod", 3, "sk-through-transit");
      assertThat(new String(Base64.getDecoder().decode(sealed.dataKey()), StandardCharsets.UTF_8))
          .contains("vault:v1:");
      assertThat(EnvelopeCipher.open(master, "qwen-prod", sealed)).isEqualTo("sk-through-transit");
      assertThat(transit.received.get(0).path()).isEqualTo("/v1/transit/encrypt/modelgate");
      assertThat(transit.received.get(1).path()).isEqualTo("/v1/transit/decrypt/modelgate");
      assertThat(transit.received.get(0).headers())
          .containsEntry("x-vault-token", "hvs.test-token");
      assertThatThrownBy(
              () ->
                  EnvelopeCipher.open(
                      master, "other", new Sealed(3, sealed.sealedValue(), sealed.dataKey())))
          .isInstanceOf(VaultException.class);

      TransitMasterKey wrongToken =
          new TransitMasterKey(
              new TransitMasterKey.Settings(
                  URI.create(transit.url()), "transit", "modelgate", new Secret("hvs.wrong")));
      assertThatThrownBy(() -> EnvelopeCipher.open(wrongToken, "qwen-prod", sealed))
          .isInstanceOf(VaultException.class)
          .hasMessageNotContaining("hvs.wrong");
    }
  }

  /** Transit: a 403 without the right token; otherwise AES-GCM under its own key. */
  private static KeyServiceFakes.Answer transit(
      KeyServiceFakes.Received request, KeyServiceFakes f) {
    if (!"hvs.test-token".equals(request.headers().get("x-vault-token"))) {
      return new KeyServiceFakes.Answer(
          403, Json.object().putPOJO("errors", java.util.List.of("permission denied")));
    }
    try {
      ObjectNode data = Json.object();
      if (request.path().equals("/v1/transit/encrypt/modelgate")) {
        byte[] plaintext = Base64.getDecoder().decode(request.body().path("plaintext").asText());
        data.put("ciphertext", "vault:v1:" + b64(gcm(true, plaintext, new byte[0])));
      } else if (request.path().equals("/v1/transit/decrypt/modelgate")) {
        String ciphertext = request.body().path("ciphertext").asText();
        byte[] blob = Base64.getDecoder().decode(ciphertext.substring("vault:v1:".length()));
        data.put("plaintext", b64(gcm(false, blob, new byte[0])));
      } else {
        return new KeyServiceFakes.Answer(404, Json.object());
      }
      ObjectNode answer = Json.object();
      answer.set("data", data);
      return KeyServiceFakes.ok(answer);
    } catch (GeneralSecurityException e) {
      return new KeyServiceFakes.Answer(
          400, Json.object().putPOJO("errors", java.util.List.of("decryption failed")));
    }
  }

  private static byte[] gcm(boolean encrypt, byte[] input, byte[] aad)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    SecretKeySpec key = new SecretKeySpec(FAKE_KEY, "AES");
    if (encrypt) {
      byte[] iv = new byte[12];
      new java.security.SecureRandom().nextBytes(iv);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(aad);
      byte[] out = cipher.doFinal(input);
      byte[] all = java.util.Arrays.copyOf(iv, 12 + out.length);
      System.arraycopy(out, 0, all, 12, out.length);
      return all;
    }
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, input, 0, 12));
    cipher.updateAAD(aad);
    return cipher.doFinal(input, 12, input.length - 12);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
