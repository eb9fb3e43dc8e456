package dev.modelgate.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A client known by its TLS certificate (mTLS) instead of a key: matched by the certificate's
 * subject distinguished name or by the SHA-256 fingerprint of its DER encoding (exactly one of the
 * two), with the models it may use and its team for limits.
 */
public record ClientCertificate(
    String name,
    @Nullable String subject,
    @Nullable String sha256,
    List<String> models,
    @Nullable String team) {
  public ClientCertificate {
    models = List.copyOf(models);
  }
}
