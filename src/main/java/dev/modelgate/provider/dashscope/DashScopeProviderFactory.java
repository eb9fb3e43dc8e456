package dev.modelgate.provider.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Registers the {@code dashscope} provider type. Options: {@code region} ({@code cn}, default, or
 * {@code intl}; keys are region-bound), {@code workspace} (sent as {@code X-DashScope-WorkSpace})
 * and {@code oss_resource_resolve} (for {@code oss://} inputs).
 */
public final class DashScopeProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "dashscope";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    JsonNode options = settings.options();
    String region = options.path("region").asText("cn");
    URI base = settings.baseUrl();
    if (base == null) {
      base =
          switch (region) {
            case "cn" -> URI.create("https://dashscope.aliyuncs.com/api/v1");
            case "intl" -> URI.create("https://dashscope-intl.aliyuncs.com/api/v1");
            default ->
                throw new IllegalArgumentException(
                    "region: must be cn or intl, not '" + region + "'");
          };
    }
    List<UpstreamRequest.Header> extra = new ArrayList<>();
    if (options.hasNonNull("workspace")) {
      extra.add(
          new UpstreamRequest.Header("X-DashScope-WorkSpace", options.path("workspace").asText()));
    }
    if (options.path("oss_resource_resolve").asBoolean(false)) {
      extra.add(new UpstreamRequest.Header("X-DashScope-OssResourceResolve", "enable"));
    }
    return new DashScopeAdapter(settings, Objects.requireNonNull(client, "client"), base, extra);
  }
}
