package dev.modelgate.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The current master key, which wraps every new data key, and the previous ones still named by
 * stored data keys until a master-key rotation has re-wrapped them all.
 */
public final class MasterKeyRing {
  private final MasterKey current;
  private final Map<String, MasterKey> byId = new LinkedHashMap<>();

  public MasterKeyRing(MasterKey current, List<MasterKey> previous) {
    this.current = current;
    byId.put(current.id(), current);
    for (MasterKey key : previous) {
      byId.putIfAbsent(key.id(), key);
    }
  }

  public MasterKey current() {
    return current;
  }

  /** The key of {@code id}, or null when this gateway was not given it. */
  public @Nullable MasterKey byId(String id) {
    return byId.get(id);
  }

  public Set<String> ids() {
    return byId.keySet();
  }
}
