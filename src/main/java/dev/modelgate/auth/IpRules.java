package dev.modelgate.auth;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An allowlist and a denylist of networks. A denied address is refused even when allowed; an empty
 * allowlist allows every address not denied.
 */
public record IpRules(List<IpRange> allow, List<IpRange> deny) {
  public static final IpRules ANY = new IpRules(List.of(), List.of());

  public IpRules {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  /**
   * Whether {@code client} may pass; an unknown address (not an IP socket) passes only when no list
   * is set.
   */
  public boolean permits(@Nullable InetAddress client) {
    if (client == null) {
      return allow.isEmpty() && deny.isEmpty();
    }
    return !anyContains(deny, client) && (allow.isEmpty() || anyContains(allow, client));
  }

  /** Whether one of {@code ranges} holds {@code address}. */
  public static boolean anyContains(List<IpRange> ranges, InetAddress address) {
    for (IpRange range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
