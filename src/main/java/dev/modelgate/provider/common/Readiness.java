package dev.modelgate.provider.common;

import dev.modelgate.error.GatewayException;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * GETs of readiness endpoints with the endpoint's headers and credential (a bearer token, for
 * servers behind a proxy): ready means a 2xx answer from every one; any other answer or a failure
 * means not ready.
 */
public final class Readiness {
  private Readiness() {}

  public static boolean allReady(
      UpstreamClient client, List<URI> uris, ProviderSettings settings, Timeouts timeouts) {
    List<UpstreamRequest.Header> headers = new ArrayList<>(settings.headers());
    if (settings.credential() != null) {
      headers.add(AuthScheme.BEARER.header(settings.credential().value()));
    }
    for (URI uri : uris) {
      try (UpstreamResponse response =
          client.send(UpstreamRequest.get(uri, headers), timeouts, settings.name())) {
        if (response.status() < 200 || response.status() >= 300) {
          return false;
        }
      } catch (GatewayException e) {
        return false;
      }
    }
    return true;
  }
}
