package dev.modelgate.config;

import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Pooled clients by their settings, shared by endpoints with equal settings and kept across
 * reloads, so a reload neither drops warm connections nor cuts calls in flight. A client no
 * snapshot uses is closed after a grace period longer than any call may last.
 */
public final class ClientCache implements AutoCloseable {
  private final Map<UpstreamSettings, UpstreamClient> clients = new HashMap<>();
  private final Duration grace;

  public ClientCache(Duration grace) {
    this.grace = grace;
  }

  synchronized UpstreamClient get(UpstreamSettings settings) {
    return clients.computeIfAbsent(settings, UpstreamClient::new);
  }

  /** Closes, after the grace period, every client not in {@code inUse}. */
  public synchronized void retainOnly(Set<UpstreamSettings> inUse) {
    for (var it = clients.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (!inUse.contains(entry.getKey())) {
        it.remove();
        UpstreamClient unused = entry.getValue();
        Thread.ofVirtual().name("modelgate-client-retire").start(() -> closeLater(unused));
      }
    }
  }

  private void closeLater(UpstreamClient client) {
    try {
      Thread.sleep(grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(UpstreamClient::close);
    clients.clear();
  }
}
