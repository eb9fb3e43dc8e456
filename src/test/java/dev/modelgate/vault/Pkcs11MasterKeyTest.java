package dev.modelgate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.store.CredentialStore.Sealed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HSM path against SoftHSM2 through the JDK's SunPKCS11 provider: the test makes its own token
 * (in the directory {@code SOFTHSM2_CONF} points at, set by the build), an AES-256 key on it, and
 * wraps and opens data keys with it. Without SoftHSM2 the test fails under {@code CI=true}.
 */
class Pkcs11MasterKeyTest {
  private static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
  private static final String PIN = "1234";
  private static final String ALIAS = "modelgate-master";

  @BeforeAll
  static void makeTokenAndKey() throws Exception {
    boolean present = Files.exists(Path.of(LIBRARY)) && onPath("softhsm2-util");
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("SoftHSM2 is missing (apt-get install softhsm2)");
    }
    Assumptions.assumeTrue(present, "SoftHSM2 is not installed");
    String conf = System.getenv("SOFTHSM2_CONF");
    assertThat(conf).as("SOFTHSM2_CONF set by the build").isNotBlank();
    Path tokens = Path.of(conf).resolveSibling("tokens");
    deleteTree(tokens);
    Files.createDirectories(tokens);
    Files.writeString(
        Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n");
    run(
        "softhsm2-util",
        "--init-token",
        "--free",
        "--label",
        "modelgate",
        "--so-pin",
        "5678",
        "--pin",
        PIN);
    Provider provider =
        Security.getProvider("SunPKCS11")
            .configure("--name = ModelGateTest\nlibrary = " + LIBRARY + "\nslotListIndex = 0\n");
    KeyStore store = KeyStore.getInstance("PKCS11", provider);
    store.load(null, PIN.toCharArray());
    KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
    generator.init(256);
    SecretKey key = generator.generateKey();
    store.setEntry(ALIAS, new KeyStore.SecretKeyEntry(key), null);
  }

  @Test
  void dataKeysAreWrappedInsideTheTokenAndOpenOnlyWithIt() {
    Pkcs11MasterKey master = Pkcs11MasterKey.open(LIBRARY, 0, PIN.toCharArray(), ALIAS);
    assertThat(master.id()).isEqualTo("pkcs11:" + ALIAS);
    Sealed sealed = EnvelopeCipher.seal(master, "qwen-prod", 1, "sk-in-the-hsm");
    assertThat(EnvelopeCipher.open(master, "qwen-prod", sealed)).isEqualTo("sk-in-the-hsm");

    LocalMasterKey other = VaultStoreContract.newMasterKey();
    assertThatThrownBy(() -> EnvelopeCipher.open(other, "qwen-prod", sealed))
        .isInstanceOf(VaultException.class);
    // Re-wrapped under another master key (a rotation away from the HSM) it opens there.
    Sealed moved = EnvelopeCipher.rewrap(master, other, "qwen-prod", sealed);
    assertThat(EnvelopeCipher.open(other, "qwen-prod", moved)).isEqualTo("sk-in-the-hsm");
  }

  @Test
  void aWrongPinOrAliasIsAClearError() {
    assertThatThrownBy(() -> Pkcs11MasterKey.open(LIBRARY, 0, PIN.toCharArray(), "missing"))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("missing");
  }

  private static boolean onPath(String command) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
