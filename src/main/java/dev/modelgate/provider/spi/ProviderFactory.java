package dev.modelgate.provider.spi;

import dev.modelgate.upstream.UpstreamClient;
import org.jspecify.annotations.Nullable;

/** Builds an adapter for one configured endpoint; registered once per provider type. */
public interface ProviderFactory {
  /** The {@code type} name used in configuration. */
  String type();

  /**
   * Checks provider-specific options and builds the adapter; {@code client} is null exactly when
   * {@link #remote()} is false.
   *
   * @throws IllegalArgumentException with a message naming the bad option
   */
  ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client);

  /** Whether endpoints of this type talk to a network upstream (and so need a pooled client). */
  default boolean remote() {
    return true;
  }
}
