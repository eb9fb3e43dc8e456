package dev.modelgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A throw-away certificate for 127.0.0.1, made with the running JDK's keytool. */
public record SelfSignedTls(SSLContext serverContext, Path caPem) {
  private static final String PASSWORD = "changeit";

  public static SelfSignedTls create() {
    try {
      Path dir = Files.createTempDirectory("modelgate-tls");
      Path keystore = dir.resolve("server.p12");
      Path pem = dir.resolve("ca.pem");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(
          List.of(
              keytool,
              "-genkeypair",
              "-alias",
              "upstream",
              "-keyalg",
              "EC",
              "-groupname",
              "secp256r1",
              "-dname",
              "CN=localhost",
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
      run(
          List.of(
              keytool,
              "-exportcert",
              "-rfc",
              "-alias",
              "upstream",
              "-keystore",
              keystore.toString(),
              "-storepass",
              PASSWORD,
              "-file",
              pem.toString()));
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, PASSWORD.toCharArray());
      }
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new SelfSignedTls(context, pem);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
  }
}
