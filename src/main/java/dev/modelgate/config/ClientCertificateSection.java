package dev.modelgate.config;

import dev.modelgate.auth.ClientCertificate;
import dev.modelgate.auth.ClientCertificates;
import java.util.List;
import java.util.Set;

/** One entry of {@code auth.client_certificates:}: a client known by its TLS certificate. */
final class ClientCertificateSection {
  private ClientCertificateSection() {}

  static ClientCertificate client(ConfigNode node) {
    node.allowOnly(Set.of("name", "subject", "sha256", "models", "team"));
    String subject = node.optionalString("subject");
    String sha256 = node.optionalString("sha256");
    if ((subject == null) == (sha256 == null)) {
      node.problem("give exactly one of subject (a distinguished name) and sha256 (a fingerprint)");
    }
    if (subject != null) {
      try {
        ClientCertificates.canonical(subject);
      } catch (IllegalArgumentException e) {
        node.child("subject").problem("not a distinguished name like CN=billing,O=Acme");
      }
    }
    if (sha256 != null && !ClientCertificates.normalFingerprint(sha256).matches("[0-9a-f]{64}")) {
      node.child("sha256").problem("must be 64 hex digits (colons allowed)");
    }
    return new ClientCertificate(
        node.requiredString("name"),
        subject,
        sha256,
        node.strings("models", List.of("*")),
        node.optionalString("team"));
  }
}
