package dev.modelgate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local master-key sources: an environment variable or a key file holding base64 of 32 bytes or
 * a Tink JSON keyset. The same key read from either place is the same key (same id, each opens what
 * the other sealed); a missing or malformed key is refused with a message that names where it came
 * from and never quotes it.
 */
class LocalMasterKeySourcesTest {
  @TempDir Path dir;

  private static String base64Key() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static MasterKey fromEnv(String variable, Map<String, String> env) {
    return MasterKeys.open(new MasterKeySpec.FromEnv(variable), env::get, Clock.systemUTC());
  }

  private MasterKey fromFile(String content) throws Exception {
    Path file = Files.writeString(dir.resolve("master.key"), content);
    return MasterKeys.open(new MasterKeySpec.FromFile(file), name -> null, Clock.systemUTC());
  }

  private static void assertOpensWhatTheOtherSealed(MasterKey one, MasterKey other)
      throws Exception {
    byte[] context = "name/1".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = one.encrypt("value".getBytes(StandardCharsets.UTF_8), context);
    assertThat(new String(other.decrypt(sealed, context), StandardCharsets.UTF_8))
        .isEqualTo("value");
  }

  @Test
  void aBase64KeyFromTheEnvironmentIsTheSameKeyAsFromAFile() throws Exception {
    String key = base64Key();
    MasterKey env = fromEnv("MODELGATE_MASTER_KEY", Map.of("MODELGATE_MASTER_KEY", key));
    MasterKey file = fromFile(key + "\n");
    assertThat(env.id()).startsWith("local:").isEqualTo(file.id()).doesNotContain(key);
    assertOpensWhatTheOtherSealed(env, file);
    assertOpensWhatTheOtherSealed(file, env);
    assertThat(env.toString()).doesNotContain(key);
  }

  @Test
  void aTinkJsonKeysetServesFromTheEnvironmentAndFromAFile() throws Exception {
    Tink.register();
    String keyset =
        TinkJsonProtoKeysetFormat.serializeKeyset(
            KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
            InsecureSecretKeyAccess.get());
    MasterKey env = fromEnv("MK", Map.of("MK", keyset));
    MasterKey file = fromFile(keyset);
    assertThat(env.id()).isEqualTo(file.id());
    assertOpensWhatTheOtherSealed(env, file);
    assertThat(env.id()).isNotEqualTo(fromEnv("MK", Map.of("MK", base64Key())).id());
  }

  @Test
  void aMissingOrMalformedKeyIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> fromEnv("MK", Map.of()))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("environment variable MK is not set");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> fromEnv("MK", Map.of("MK", shortKey)))
        .hasMessageContaining("environment variable MK")
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> fromEnv("MK", Map.of("MK", "not base64 at all!")))
        .hasMessageContaining("not base64")
        .hasMessageNotContaining("at all");
    assertThatThrownBy(() -> fromEnv("MK", Map.of("MK", "{\"not\": \"a keyset\"}")))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("environment variable MK");
    assertThatThrownBy(
            () ->
                MasterKeys.open(
                    new MasterKeySpec.FromFile(dir.resolve("absent.key")),
                    name -> null,
                    Clock.systemUTC()))
        .hasMessageContaining("cannot read the master key file");
  }
}
