package dev.modelgate.testkit;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Client-side TLS contexts for tests: trusting one server certificate, optionally presenting one.
 */
public final class TlsClients {
  private TlsClients() {}

  /** A client context trusting {@code server} and presenting {@code cert} with its PEM key. */
  public static SSLContext identified(X509Certificate server, X509Certificate cert, Path keyPem)
      throws Exception {
    java.security.PrivateKey key = dev.modelgate.upstream.ClientIdentity.privateKey(keyPem);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", key, new char[0], new Certificate[] {cert});
    javax.net.ssl.KeyManagerFactory keys =
        javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trustManagers(server), null);
    return context;
  }

  public static SSLContext trusting(Certificate cert) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers(cert), null);
    return context;
  }

  public static javax.net.ssl.TrustManager[] trustManagers(Certificate cert) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("gateway", cert);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    return trust.getTrustManagers();
  }
}
