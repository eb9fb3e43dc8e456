package dev.modelgate.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds a trust store of the JDK's default CAs plus the certificates of a PEM bundle. */
final class TlsTrust {
  private TlsTrust() {}

  static KeyStore withBundle(Path pemBundle) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      TrustManagerFactory defaults =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      defaults.init((KeyStore) null);
      int n = 0;
      for (var manager : defaults.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (var cert : x509.getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + n++, cert);
          }
        }
      }
      try (InputStream in = Files.newInputStream(pemBundle)) {
        for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("bundle-" + n++, cert);
        }
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read CA bundle " + pemBundle + ": " + e.getMessage(), e);
    }
  }
}
