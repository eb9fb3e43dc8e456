package dev.modelgate.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The client's address behind trusted proxies. Only when the TCP peer is a trusted proxy are the
 * forwarding headers read, and then from the right: each trusted proxy appended the address it saw,
 * so the right-most address that is not a trusted proxy is the client. Anything left of it was
 * written by the client and may be forged. {@code Forwarded} (RFC 7239) wins over {@code
 * X-Forwarded-For} when both are present.
 */
public final class ForwardedClient {
  private ForwardedClient() {}

  public static @Nullable InetAddress resolve(
      @Nullable InetAddress peer,
      @Nullable String forwarded,
      @Nullable String xForwardedFor,
      List<IpRange> trustedProxies) {
    if (peer == null || !IpRules.anyContains(trustedProxies, peer)) {
      return peer;
    }
    List<String> hops =
        forwarded != null
            ? forwardedFor(forwarded)
            : xForwardedFor != null ? split(xForwardedFor) : List.of();
    InetAddress client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = literal(hops.get(i));
      if (hop == null) {
        // An obfuscated or garbled hop: nothing left of it can be trusted.
        return client;
      }
      client = hop;
      if (!IpRules.anyContains(trustedProxies, hop)) {
        return hop;
      }
    }
    return client;
  }

  private static List<String> split(String header) {
    List<String> out = new ArrayList<>();
    for (String part : header.split(",")) {
      out.add(part.strip());
    }
    return out;
  }

  /** The {@code for=} values of each element of a {@code Forwarded} header, in order. */
  private static List<String> forwardedFor(String header) {
    List<String> out = new ArrayList<>();
    for (String element : header.split(",")) {
      for (String pair : element.split(";")) {
        String p = pair.strip();
        if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
          out.add(p.substring(4).strip());
        }
      }
    }
    return out;
  }

  /**
   * An IP literal from a hop: {@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code "[2001:db8::1]:80"},
   * {@code 2001:db8::1}; null for anything else ({@code unknown}, {@code _hidden}, host names).
   */
  static @Nullable InetAddress literal(String hop) {
    String value = hop.strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return null;
      }
      value = value.substring(1, close);
    } else if (value.indexOf(':') == value.lastIndexOf(':') && value.indexOf(':') > 0) {
      value = value.substring(0, value.indexOf(':')); // IPv4 with a port
    }
    if (value.isEmpty()) {
      return null;
    }
    try {
      IpRange range = IpRange.parse(value);
      return range.prefix() == range.network().length * 8
          ? InetAddress.getByAddress(range.network())
          : null;
    } catch (IllegalArgumentException | java.net.UnknownHostException e) {
      return null;
    }
  }
}
