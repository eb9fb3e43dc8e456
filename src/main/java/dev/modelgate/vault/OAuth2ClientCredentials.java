package dev.modelgate.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.TargetUnavailable;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.provider.spi.Credential;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A bearer token from an OAuth2 token endpoint by the client-credentials grant (RFC 6749, 4.4), as
 * Azure Entra ID and most enterprise identity providers issue them. The token is cached and fetched
 * anew when a tenth of its lifetime (at most a minute) is left, so calls do not meet an expired
 * one; one fetch runs at a time and the other callers wait for its token.
 */
public final class OAuth2ClientCredentials implements Credential {
  /** What the configuration gives. */
  public record Settings(
      URI tokenUrl, String clientId, Secret clientSecret, @Nullable String scope) {}

  private final Settings settings;
  private final UpstreamClient client;
  private final Timeouts timeouts;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile @Nullable String token;
  private volatile Instant refreshAt = Instant.MIN;

  public OAuth2ClientCredentials(
      Settings settings, UpstreamClient client, Timeouts timeouts, Clock clock) {
    this.settings = settings;
    this.client = client;
    this.timeouts = timeouts;
    this.clock = clock;
  }

  @Override
  public String value() {
    String current = token;
    if (current != null && clock.instant().isBefore(refreshAt)) {
      return current;
    }
    lock.lock();
    try {
      current = token;
      if (current != null && clock.instant().isBefore(refreshAt)) {
        return current;
      }
      return fetch();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean refreshable() {
    return true;
  }

  @Override
  public void invalidate(String staleValue) {
    lock.lock();
    try {
      if (staleValue.equals(token)) {
        token = null;
      }
    } finally {
      lock.unlock();
    }
  }

  private String fetch() {
    StringBuilder form =
        new StringBuilder("grant_type=client_credentials")
            .append("&client_id=")
            .append(encode(settings.clientId()))
            .append("&client_secret=")
            .append(encode(settings.clientSecret().value()));
    if (settings.scope() != null) {
      form.append("&scope=").append(encode(settings.scope()));
    }
    UpstreamRequest request =
        UpstreamRequest.postForm(
            settings.tokenUrl(),
            List.of(new UpstreamRequest.Header("Accept", "application/json")),
            form.toString().getBytes(StandardCharsets.UTF_8));
    Instant sent = clock.instant();
    try (UpstreamResponse response =
        client.send(request, timeouts, "token endpoint " + settings.tokenUrl().getHost())) {
      byte[] body = response.readAll(1024 * 1024);
      if (response.status() != 200) {
        throw new UpstreamRejected(
            502,
            "The token endpoint refused the client credentials (HTTP " + response.status() + ")",
            "server_error",
            "upstream_token_refused",
            null);
      }
      JsonNode json = Json.parse(body);
      String accessToken = Json.text(json, "access_token");
      if (accessToken == null || accessToken.isEmpty()) {
        throw new TargetUnavailable(
            "The token endpoint answered without an access_token", null, true);
      }
      long lifetime = Math.max(1, json.path("expires_in").asLong(3600));
      Duration margin = Duration.ofMillis(Math.min(60_000, lifetime * 100));
      token = accessToken;
      refreshAt = sent.plusSeconds(lifetime).minus(margin);
      return accessToken;
    } catch (IOException e) {
      throw new TargetUnavailable("The token endpoint answered JSON that does not parse", e, true);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "OAuth2ClientCredentials["
        + settings.tokenUrl()
        + ", client "
        + settings.clientId()
        + "]";
  }
}
