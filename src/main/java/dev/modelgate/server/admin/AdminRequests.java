package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.AdminPrincipal;
import dev.modelgate.admin.AdminSessions;
import dev.modelgate.admin.AdminTokens;
import dev.modelgate.admin.SsoAdmins;
import dev.modelgate.codec.Json;
import dev.modelgate.server.HeaderLookup;
import dev.modelgate.store.StoreException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every admin request shares: the token check (an admin API token of the configuration, a
 * login session's token, or an identity provider's JWT that grants an admin role), the JSON body,
 * the JSON reply, and errors in OpenAI's {@code {"error":{...}}} shape.
 */
final class AdminRequests {
  private static final Logger LOG = Logger.getLogger(AdminRequests.class.getName());

  /** An admin endpoint: the authenticated administrator and the request, to a reply. */
  @FunctionalInterface
  interface Action {
    Reply run(AdminPrincipal who, ServerRequest request);
  }

  /** A status and a JSON body. */
  record Reply(int status, JsonNode body) {}

  /** An endpoint anyone may call (the login): the request, to a reply. */
  @FunctionalInterface
  interface OpenAction {
    Reply run(ServerRequest request);
  }

  private final AdminTokens tokens;
  private final AdminSessions sessions;
  private final SsoAdmins sso;

  AdminRequests(AdminTokens tokens, AdminSessions sessions, SsoAdmins sso) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.sso = sso;
  }

  /** An admin endpoint that writes its own answer (an export in another format than JSON). */
  @FunctionalInterface
  interface Writer {
    void write(AdminPrincipal who, ServerRequest request, ServerResponse response);
  }

  io.helidon.webserver.http.Handler handler(Action action) {
    return writing(
        (who, req, res) -> {
          Reply reply = action.run(who, req);
          send(res, reply.status(), reply.body());
        });
  }

  io.helidon.webserver.http.Handler writing(Writer writer) {
    return guarded((req, res) -> writer.write(authenticate(req), req, res));
  }

  /** A handler without the token check; errors still in the one admin error shape. */
  io.helidon.webserver.http.Handler open(OpenAction action) {
    return guarded(
        (req, res) -> {
          Reply reply = action.run(req);
          send(res, reply.status(), reply.body());
        });
  }

  /** Runs {@code handler}, answering admin and store failures in the admin error shape. */
  private io.helidon.webserver.http.Handler guarded(io.helidon.webserver.http.Handler handler) {
    return (req, res) -> {
      try {
        handler.handle(req, res);
      } catch (AdminException e) {
        if (e.status() == 401) {
          res.header("WWW-Authenticate", "Bearer");
        }
        send(res, e.status(), error(String.valueOf(e.getMessage()), type(e.status()), e.code()));
      } catch (StoreException e) {
        LOG.log(Level.WARNING, "admin request failed in the store", e);
        send(res, 503, error(String.valueOf(e.getMessage()), "api_error", "store_unavailable"));
      }
    };
  }

  private AdminPrincipal authenticate(ServerRequest req) {
    String token = bearer(req);
    AdminPrincipal who;
    if (token.startsWith(AdminSessions.TOKEN_PREFIX)) {
      who = sessions.authenticate(token);
    } else if (sso.handles(token)) {
      who = sso.authenticate(token);
    } else {
      who = tokens.authenticate(token);
    }
    if (who == null) {
      throw new AdminException(401, "invalid_admin_token", "Incorrect admin token provided.");
    }
    // The admin port is meant for a private interface, so the peer itself is recorded, not a
    // forwarding header a client could forge.
    return who.from(peer(req));
  }

  /** The bearer token of the request: an admin API token or a login session's token. */
  static String bearer(ServerRequest req) {
    String authorization = HeaderLookup.of(req).apply("authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AdminException(
          401, "missing_admin_token", "The admin API needs Authorization: Bearer ADMIN_TOKEN.");
    }
    return authorization.substring(7).strip();
  }

  static String peer(ServerRequest req) {
    var address = req.remotePeer().address();
    return address instanceof InetSocketAddress socket
        ? socket.getAddress().getHostAddress()
        : String.valueOf(address);
  }

  static JsonNode body(ServerRequest req) {
    if (!req.content().hasEntity()) {
      return Json.object();
    }
    try (var in = req.content().inputStream()) {
      byte[] bytes = in.readAllBytes();
      return bytes.length == 0 ? Json.object() : Json.parse(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw AdminException.invalid("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A query parameter's first value, or null. */
  static @org.jspecify.annotations.Nullable String query(
      io.helidon.webserver.http.ServerRequest req, String name) {
    return req.query().first(name).orElse(null);
  }

  /** The {@code limit} query parameter: 1 to {@code max}, {@code fallback} when absent. */
  static int limit(io.helidon.webserver.http.ServerRequest req, int fallback, int max) {
    String limit = query(req, "limit");
    if (limit == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below, like an out-of-range number
    }
    throw AdminException.invalid("limit: must be a whole number from 1 to " + max);
  }

  /**
   * The body's {@code grace}: seconds or a duration like {@code 1h}; {@code fallback} if absent.
   */
  static java.time.Duration grace(JsonNode body, java.time.Duration fallback) {
    JsonNode grace = body.get("grace");
    if (grace == null || grace.isNull()) {
      return fallback;
    }
    try {
      return grace.isNumber()
          ? java.time.Duration.ofSeconds(grace.asLong())
          : dev.modelgate.config.Durations.parse(grace.asText());
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("grace: " + e.getMessage());
    }
  }

  /** OpenAI's list shape: {@code {"object":"list","data":[...]}}. */
  static Reply list(java.util.List<? extends JsonNode> items) {
    ObjectNode list = Json.object().put("object", "list");
    list.putArray("data").addAll(items);
    return new Reply(200, list);
  }

  static void send(ServerResponse res, int status, JsonNode body) {
    res.status(Status.create(status));
    res.header("Content-Type", "application/json");
    res.send(Json.bytes(body));
  }

  private static ObjectNode error(String message, String type, String code) {
    ObjectNode error = Json.object();
    error.putObject("error").put("message", message).put("type", type).put("code", code);
    return error;
  }

  private static String type(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> "invalid_request_error";
    };
  }
}
