package dev.modelgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A throw-away certificate for 127.0.0.1, made with the running JDK's keytool. */
public record SelfSignedTls(SSLContext serverContext, Path caPem) {
  private static final String PASSWORD = "changeit";
  private static final String ALIAS = "upstream";

  public static SelfSignedTls create() {
    try {
      Path dir = Files.createTempDirectory("modelgate-tls");
      KeyStore store = generate(dir, "localhost");
      Path pem = dir.resolve("ca.pem");
      Files.writeString(pem, pem("CERTIFICATE", store.getCertificate(ALIAS).getEncoded()));
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new SelfSignedTls(context, pem);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a new certificate for 127.0.0.1 named {@code commonName} and its private key (PKCS#8) as
   * PEM files, as a server's TLS configuration takes them; returns the certificate.
   */
  public static X509Certificate writePem(String commonName, Path certFile, Path keyFile) {
    try {
      KeyStore store = generate(Files.createTempDirectory("modelgate-tls"), commonName);
      X509Certificate cert = (X509Certificate) store.getCertificate(ALIAS);
      byte[] key = store.getKey(ALIAS, PASSWORD.toCharArray()).getEncoded();
      Files.writeString(keyFile, pem("PRIVATE KEY", key));
      Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
      return cert;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore generate(Path dir, String commonName)
      throws IOException, GeneralSecurityException {
    Path keystore = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=" + commonName,
            "-ext",
            "SAN=ip:127.0.0.1,dns:localhost",
            "-validity",
            "2",
            "-keystore",
            keystore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
