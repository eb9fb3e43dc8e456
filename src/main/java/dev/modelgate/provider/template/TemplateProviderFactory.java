package dev.modelgate.provider.template;

import dev.modelgate.provider.common.HuggingFaceTokenizer;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Registers the {@code template} provider type: a home-made service mapped by configuration. */
public final class TemplateProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "template";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    URI base = settings.baseUrl();
    if (base == null) {
      throw new IllegalArgumentException("base_url: required for a template upstream");
    }
    return new TemplateAdapter(
        settings,
        Objects.requireNonNull(client, "client"),
        TemplateSpec.parse(settings.options()),
        base,
        HuggingFaceTokenizer.forUpstream(settings.options()));
  }
}
