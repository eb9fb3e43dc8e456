package dev.modelgate.auth;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The store's keys in memory, replaced as a whole when the store changes: a request reads one map
 * and never waits on the database.
 */
public final class LiveKeys implements KeySource {
  private volatile Map<ByteBuffer, ApiKeyAuthenticator.KeyEntry> byDigest = Map.of();

  @Override
  public ApiKeyAuthenticator.@Nullable KeyEntry find(ByteBuffer digest) {
    return byDigest.get(digest);
  }

  public void replace(Collection<ApiKeyAuthenticator.KeyEntry> entries) {
    Map<ByteBuffer, ApiKeyAuthenticator.KeyEntry> next = new HashMap<>();
    for (ApiKeyAuthenticator.KeyEntry entry : entries) {
      next.put(ByteBuffer.wrap(entry.digest()), entry);
    }
    byDigest = Map.copyOf(next);
  }

  public int size() {
    return byDigest.size();
  }
}
