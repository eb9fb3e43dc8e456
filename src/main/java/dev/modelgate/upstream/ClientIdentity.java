package dev.modelgate.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * The client certificate an upstream's TLS asks for (mTLS): a PEM certificate chain and its PEM
 * PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey} writes it).
 */
public final class ClientIdentity {
  private static final List<String> ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448");

  private ClientIdentity() {}

  static KeyManager[] keyManagers(Path certificateFile, Path keyFile) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "client",
          privateKey(keyFile),
          new char[0],
          chain(certificateFile).toArray(Certificate[]::new));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, new char[0]);
      return factory.getKeyManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use client certificate " + certificateFile + ": " + e.getMessage(), e);
    }
  }

  private static List<? extends Certificate> chain(Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      List<? extends Certificate> chain =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate in " + file);
      }
      return chain;
    }
  }

  /** The private key of a PEM PKCS#8 file, whichever of the usual algorithms it is for. */
  public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")
        || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          file
              + " is not PKCS#8; convert it with `openssl pkcs8 -topk8 -nocrypt -in "
              + file.getFileName()
              + "`");
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no unencrypted PEM PRIVATE KEY in " + file);
    }
    String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end);
    PKCS8EncodedKeySpec spec =
        new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body.strip()));
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException("unsupported private key algorithm in " + file);
  }
}
