package dev.modelgate.auth;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Keys from outside the configuration file (the store), looked up by the hash of the key. */
@FunctionalInterface
public interface KeySource {
  KeySource NONE = digest -> null;

  ApiKeyAuthenticator.@Nullable KeyEntry find(ByteBuffer digest);
}
