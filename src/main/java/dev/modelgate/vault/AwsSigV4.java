package dev.modelgate.vault;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 of one request (the {@code Authorization} header's value), as AWS's
 * "Create a signed AWS API request" describes: canonical request, string to sign, and the signing
 * key derived from the secret by date, region and service. Written here because the AWS SDK is a
 * large dependency for two KMS calls.
 */
final class AwsSigV4 {
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AwsSigV4() {}

  /**
   * The Authorization value for a request whose signed headers are {@code headers} (names any case;
   * {@code host} and {@code x-amz-date} must be among them).
   */
  static String authorization(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      Instant at,
      String region,
      String service,
      String accessKeyId,
      String secretAccessKey) {
    Map<String, String> canonical = new TreeMap<>();
    headers.forEach(
        (name, value) ->
            canonical.put(name.toLowerCase(Locale.ROOT), value.strip().replaceAll("\\s+", " ")));
    String signedHeaders = String.join(";", canonical.keySet());
    String canonicalRequest =
        method
            + "\n"
            + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + "\n"
            + canonicalQuery(uri.getRawQuery())
            + "\n"
            + canonical.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining())
            + "\n"
            + signedHeaders
            + "\n"
            + hex(sha256(body));
    String date = AMZ_DATE.format(at).substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + AMZ_DATE.format(at)
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, stringToSign));
    return "AWS4-HMAC-SHA256 Credential="
        + accessKeyId
        + "/"
        + scope
        + ", SignedHeaders="
        + signedHeaders
        + ", Signature="
        + signature;
  }

  /** Query parameters sorted by name, then value (they arrive encoded already). */
  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    String[] pairs = rawQuery.split("&");
    Arrays.sort(pairs);
    return Arrays.stream(pairs)
        .map(pair -> pair.contains("=") ? pair : pair + "=")
        .collect(Collectors.joining("&"));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
