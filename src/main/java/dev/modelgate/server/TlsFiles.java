package dev.modelgate.server;

import dev.modelgate.config.EdgeSettings;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The listener's TLS from PEM files as they are on disk now: the certificate chain, its private
 * key, the allowed protocols and, for client certificates, the CAs they must chain to. The bytes
 * read are kept, so a watcher can tell when the files change.
 */
record TlsFiles(EdgeSettings.Tls settings, byte[] cert, byte[] key, byte[] clientCa) {

  static TlsFiles read(EdgeSettings.Tls settings) {
    return new TlsFiles(
        settings,
        bytes(settings.cert()),
        bytes(settings.key()),
        settings.clientCa() == null ? new byte[0] : bytes(settings.clientCa()));
  }

  /** Whether {@code other} holds the same file contents. */
  boolean sameAs(TlsFiles other) {
    return Arrays.equals(cert, other.cert)
        && Arrays.equals(key, other.key)
        && Arrays.equals(clientCa, other.clientCa);
  }

  /** Helidon's TLS for these files; a file that does not parse throws. */
  Tls tls() {
    Keys identity =
        Keys.builder()
            .pem(
                pem ->
                    pem.key(Resource.create("TLS key", key))
                        .certChain(Resource.create("TLS certificate", cert)))
            .build();
    var builder =
        Tls.builder()
            .privateKey(identity.privateKey().orElseThrow(() -> unreadable(settings.key())))
            .privateKeyCertChain(identity.certChain())
            .enabledProtocols(settings.protocols())
            .clientAuth(
                switch (settings.clientAuth()) {
                  case NONE -> TlsClientAuth.NONE;
                  case OPTIONAL -> TlsClientAuth.OPTIONAL;
                  case REQUIRED -> TlsClientAuth.REQUIRED;
                });
    if (identity.certChain().isEmpty()) {
      throw unreadable(settings.cert());
    }
    if (clientCa.length > 0) {
      builder.trust(
          Keys.builder()
              .pem(pem -> pem.certificates(Resource.create("client CA", clientCa)))
              .build()
              .certs());
    }
    return builder.build();
  }

  private static IllegalStateException unreadable(Path file) {
    return new IllegalStateException("no PEM key or certificate found in " + file);
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
