package dev.modelgate.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * An issuer's public keys from its JWKS URL, held in memory. A request thread fetches only when it
 * must: the first token, a token naming a kid the set lacks, or a set older than its maximum age.
 * Such a fetch is synchronous with a {@link #TIMEOUT} of two seconds, happens at most once per
 * minimum refresh interval (a flood of unknown kids costs the IdP one request per interval), and
 * keeps the old keys when it fails.
 */
final class JwksKeys {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_BYTES = 1024 * 1024;
  private static final Logger LOG = Logger.getLogger(JwksKeys.class.getName());
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final URI url;
  private final Clock clock;
  private final Duration minRefresh;
  private final Duration maxAge;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile JWKSet keys = new JWKSet();
  private volatile @Nullable Instant fetchedAt;
  private @Nullable Instant lastAttempt;

  JwksKeys(URI url, Clock clock, Duration minRefresh, Duration maxAge) {
    this.url = url;
    this.clock = clock;
    this.minRefresh = minRefresh;
    this.maxAge = maxAge;
  }

  /** The keys with {@code kid} (every key when the token names none), refreshing if need be. */
  List<JWK> candidates(@Nullable String kid) {
    Instant fetched = fetchedAt;
    if (fetched == null || !clock.instant().isBefore(fetched.plus(maxAge))) {
      refresh();
    }
    List<JWK> found = matching(kid);
    if (found.isEmpty() && kid != null) {
      refresh();
      found = matching(kid);
    }
    return found;
  }

  /** Whether a key set has ever been fetched. */
  boolean loaded() {
    return fetchedAt != null;
  }

  private List<JWK> matching(@Nullable String kid) {
    List<JWK> out = new ArrayList<>();
    for (JWK key : keys.getKeys()) {
      if (kid == null || kid.equals(key.getKeyID())) {
        out.add(key);
      }
    }
    return out;
  }

  private void refresh() {
    fetching.lock();
    try {
      Instant now = clock.instant();
      if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefresh))) {
        return;
      }
      lastAttempt = now;
      try {
        keys = fetch().toPublicJWKSet();
        fetchedAt = now;
      } catch (IOException | ParseException e) {
        LOG.log(Level.WARNING, "cannot fetch the JWKS at {0}: {1}", new Object[] {url, e});
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } finally {
      fetching.unlock();
    }
  }

  private JWKSet fetch() throws IOException, InterruptedException, ParseException {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(TIMEOUT).header("accept", "application/json").build();
    HttpResponse<InputStream> response =
        HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("status " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("the key set is larger than " + MAX_BYTES + " bytes");
      }
      return JWKSet.parse(new String(bytes, StandardCharsets.UTF_8));
    }
  }
}
