package dev.modelgate.provider.echo;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import org.jspecify.annotations.Nullable;

/** Registers the built-in {@code echo} provider type; it needs no network. */
public final class EchoProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "echo";
  }

  @Override
  public boolean remote() {
    return false;
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    long delayMillis = settings.options().path("chunk_delay_ms").asLong(0);
    if (delayMillis < 0) {
      throw new IllegalArgumentException("chunk_delay_ms: must not be negative");
    }
    return new EchoAdapter(delayMillis);
  }
}
