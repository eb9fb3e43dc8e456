package dev.modelgate.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS of an upstream: trust in the JDK's CAs, plus a PEM bundle, or (labs only) none at all;
 * and the client certificate it presents when asked.
 */
final class TlsTrust {
  private TlsTrust() {}

  static SSLContext context(UpstreamSettings settings) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] managers;
      if (settings.trustAll()) {
        managers = new TrustManager[] {new TrustEverything()};
      } else if (settings.caBundle() != null) {
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(withBundle(settings.caBundle()));
        managers = factory.getTrustManagers();
      } else if (settings.clientCertificate() == null) {
        return SSLContext.getDefault();
      } else {
        managers = null; // the JDK's trust, with a client certificate
      }
      KeyManager[] identity =
          settings.clientCertificate() == null || settings.clientKey() == null
              ? null
              : ClientIdentity.keyManagers(settings.clientCertificate(), settings.clientKey());
      context.init(identity, managers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

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

  /** Accepts any certificate: for {@code tls_insecure_skip_verify} only. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
