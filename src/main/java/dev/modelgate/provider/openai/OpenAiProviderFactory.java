package dev.modelgate.provider.openai;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Registers the {@code openai} provider type. */
public final class OpenAiProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "openai";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    OpenAiDialect dialect = OpenAiDialect.resolve(settings.options());
    URI base = settings.baseUrl();
    if (base == null) {
      if (dialect.defaultBaseUrl() == null) {
        throw new IllegalArgumentException(
            "base_url: required for dialect '" + dialect.name() + "' (it has no public default)");
      }
      base = URI.create(dialect.defaultBaseUrl());
    }
    return new OpenAiAdapter(settings, dialect, Objects.requireNonNull(client, "client"), base);
  }
}
