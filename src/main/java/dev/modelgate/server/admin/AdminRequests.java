package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.AdminPrincipal;
import dev.modelgate.admin.AdminTokens;
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
 * What every admin request shares: the token check, the JSON body, the JSON reply, and errors in
 * OpenAI's {@code {"error":{...}}} shape.
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

  private final AdminTokens tokens;

  AdminRequests(AdminTokens tokens) {
    this.tokens = tokens;
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
    return (req, res) -> {
      try {
        writer.write(authenticate(req), req, res);
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
    String authorization = HeaderLookup.of(req).apply("authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AdminException(
          401, "missing_admin_token", "The admin API needs Authorization: Bearer ADMIN_TOKEN.");
    }
    AdminPrincipal who = tokens.authenticate(authorization.substring(7).strip());
    if (who == null) {
      throw new AdminException(401, "invalid_admin_token", "Incorrect admin token provided.");
    }
    // The admin port is meant for a private interface, so the peer itself is recorded, not a
    // forwarding header a client could forge.
    return who.from(peer(req));
  }

  private static String peer(ServerRequest req) {
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
      default -> "invalid_request_error";
    };
  }
}
