package dev.modelgate.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * The principals of verified client certificates. The TLS handshake has already checked the chain
 * against {@code server.tls.client_ca}; this only says which configured client a certificate is.
 * Subjects are compared in their canonical RFC 2253 form, so spacing and case of attribute names do
 * not matter.
 */
public final class ClientCertificates {
  private final Map<String, ClientCertificate> bySubject = new HashMap<>();
  private final Map<String, ClientCertificate> byFingerprint = new HashMap<>();

  public ClientCertificates(List<ClientCertificate> clients) {
    for (ClientCertificate client : clients) {
      if (client.subject() != null) {
        bySubject.put(canonical(client.subject()), client);
      }
      if (client.sha256() != null) {
        byFingerprint.put(normalFingerprint(client.sha256()), client);
      }
    }
  }

  public boolean isEmpty() {
    return bySubject.isEmpty() && byFingerprint.isEmpty();
  }

  /** The configured client {@code certificate} belongs to, or null. */
  public @Nullable Principal principal(X509Certificate certificate) {
    String fingerprint = fingerprint(certificate);
    ClientCertificate client = byFingerprint.get(fingerprint);
    if (client == null) {
      client =
          bySubject.get(certificate.getSubjectX500Principal().getName(X500Principal.CANONICAL));
    }
    if (client == null) {
      return null;
    }
    return new Principal(
        "cert_" + fingerprint.substring(0, 16),
        client.name(),
        client.models(),
        null,
        client.team(),
        KeyLimits.NONE);
  }

  /** The canonical form of a distinguished name; throws IllegalArgumentException if malformed. */
  public static String canonical(String subject) {
    return new X500Principal(subject).getName(X500Principal.CANONICAL);
  }

  /**
   * Lower-case hex without separators, as {@code openssl x509 -fingerprint -sha256} minus colons.
   */
  public static String normalFingerprint(String sha256) {
    return sha256.replace(":", "").toLowerCase(Locale.ROOT);
  }

  static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a client certificate", e);
    }
  }
}
