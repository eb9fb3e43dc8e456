package dev.modelgate.server;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Request headers by lower-case name, with the header-name objects made once. */
public final class HeaderLookup {
  private static final ConcurrentHashMap<String, HeaderName> NAMES = new ConcurrentHashMap<>();

  private HeaderLookup() {}

  public static Function<String, @Nullable String> of(ServerRequest request) {
    return name ->
        request.headers().first(NAMES.computeIfAbsent(name, HeaderNames::create)).orElse(null);
  }

  public static HeaderName name(String name) {
    return NAMES.computeIfAbsent(name, HeaderNames::create);
  }
}
