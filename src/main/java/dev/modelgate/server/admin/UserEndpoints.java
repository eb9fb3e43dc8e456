package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.AdminRole;
import dev.modelgate.admin.AdminSessions;
import dev.modelgate.admin.AdminUsers;
import dev.modelgate.auth.AuthLockout;
import dev.modelgate.auth.LockoutSettings;
import dev.modelgate.codec.Json;
import dev.modelgate.server.admin.AdminRequests.Reply;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Admin users and their sessions: {@code POST /v1/login} (password and a TOTP or recovery code, to
 * a session token), {@code POST /v1/logout}, {@code GET /v1/me}, and {@code GET|POST /v1/users},
 * {@code DELETE /v1/users/{name}} for those who may manage users. Failed logins count against the
 * caller's address, like failed API keys: after too many the address is locked out for a while.
 */
final class UserEndpoints {
  private final AdminUsers users;
  private final AdminSessions sessions;
  private final AdminRequests requests;
  private final AuthLockout lockout;

  UserEndpoints(
      AdminUsers users, AdminSessions sessions, AdminRequests requests, AuthLockout lockout) {
    this.users = users;
    this.sessions = sessions;
    this.requests = requests;
    this.lockout = lockout;
  }

  void register(HttpRouting.Builder routing, String base) {
    routing.post(base + "/v1/login", requests.open(this::login));
    routing.post(
        base + "/v1/logout",
        requests.handler(
            (who, req) -> {
              boolean ended = sessions.close(AdminRequests.bearer(req));
              return new Reply(200, Json.object().put("logged_out", ended));
            }));
    routing.get(
        base + "/v1/me",
        requests.handler(
            (who, req) ->
                new Reply(
                    200,
                    Json.object()
                        .put("object", "admin")
                        .put("name", who.name())
                        .put("role", who.role().lowerName()))));
    routing.get(
        base + "/v1/users",
        requests.handler(
            (who, req) ->
                AdminRequests.list(
                    users.list(who).stream()
                        .map(
                            user ->
                                Json.object()
                                    .put("object", "admin_user")
                                    .put("name", user.name())
                                    .put("role", user.role())
                                    .put("created_at", user.createdAt().toString()))
                        .toList())));
    routing.post(base + "/v1/users", requests.handler((who, req) -> add(who, req)));
    routing.delete(
        base + "/v1/users/{name}",
        requests.handler(
            (who, req) -> {
              String name = req.path().pathParameters().get("name");
              users.remove(who, name);
              return new Reply(
                  200,
                  Json.object().put("object", "admin_user").put("name", name).put("deleted", true));
            }));
  }

  private Reply add(dev.modelgate.admin.AdminPrincipal who, ServerRequest req) {
    JsonNode body = AdminRequests.body(req);
    AdminRole role;
    try {
      role = AdminRole.named(text(body, "role"));
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("role: must be admin, operator or viewer");
    }
    AdminUsers.Enrolment enrolment =
        users.add(who, text(body, "name"), role, text(body, "password"));
    ObjectNode reply =
        Json.object()
            .put("object", "admin_user")
            .put("name", enrolment.name())
            .put("role", enrolment.role().lowerName())
            .put("totp_uri", enrolment.totpUri());
    enrolment.recoveryCodes().forEach(reply.putArray("recovery_codes")::add);
    return new Reply(201, reply);
  }

  private Reply login(ServerRequest req) {
    InetAddress client = address(req);
    Duration locked = lockout.lockedFor(client, LockoutSettings.DEFAULT);
    if (locked != null) {
      throw new AdminException(
          429,
          "login_locked",
          "Too many failed logins from this address; try again in "
              + Math.max(1, locked.toSeconds())
              + " s.");
    }
    JsonNode body = AdminRequests.body(req);
    try {
      AdminSessions.Session session =
          users.login(
              text(body, "name"),
              text(body, "password"),
              text(body, "code"),
              AdminRequests.peer(req));
      lockout.succeeded(client, LockoutSettings.DEFAULT);
      return new Reply(
          200,
          Json.object()
              .put("object", "admin_session")
              .put("token", session.token())
              .put("name", session.who().name())
              .put("role", session.who().role().lowerName())
              .put("expires_at", session.expiresAt().toString()));
    } catch (AdminException e) {
      if (e.status() == 401) {
        lockout.failed(client, LockoutSettings.DEFAULT);
      }
      throw e;
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw AdminException.invalid(field + ": required, a non-empty string");
    }
    return value.asText();
  }

  private static @Nullable InetAddress address(ServerRequest req) {
    return req.remotePeer().address() instanceof InetSocketAddress socket
        ? socket.getAddress()
        : null;
  }
}
