package dev.modelgate.provider.dify;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Registers the {@code dify} provider type: one Dify app per upstream, its app key as api_key. */
public final class DifyProviderFactory implements ProviderFactory {
  private static final URI CLOUD = URI.create("https://api.dify.ai/v1");

  @Override
  public String type() {
    return "dify";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    URI base = settings.baseUrl() != null ? settings.baseUrl() : CLOUD;
    return new DifyAdapter(
        settings,
        Objects.requireNonNull(client, "client"),
        DifySpec.parse(settings.options()),
        base);
  }
}
