package dev.modelgate.provider.rerank;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Registers the {@code rerank} provider type; {@code format} names the upstream's wire format. */
public final class RerankProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "rerank";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    RerankFormat format = RerankFormat.named(settings.options().path("format").asText("cohere"));
    String base = settings.baseUrl() != null ? settings.baseUrl().toString() : format.defaultBase();
    if (base == null) {
      throw new IllegalArgumentException(
          "base_url: required for a rerank upstream of format "
              + format.name().toLowerCase(java.util.Locale.ROOT));
    }
    String path = settings.options().path("path").asText(format.path());
    URI uri = URI.create(base.replaceAll("/+$", "") + path);
    return new RerankAdapter(settings, Objects.requireNonNull(client, "client"), format, uri);
  }
}
