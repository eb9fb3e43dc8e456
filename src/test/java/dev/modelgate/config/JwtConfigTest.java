package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.auth.JwtIssuer;
import dev.modelgate.model.Operation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code auth.jwt:} issuers: defaults, every setting, and path-qualified errors. */
class JwtConfigTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  private static GatewayConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), env::get, Path.of("data"));
  }

  private static List<String> problems(String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> parse(yaml, Map.of("SHORT", "short")));
    assertThat(e).as("expected the configuration to be rejected").isNotNull();
    return e.problems();
  }

  @Test
  void anIssuerWithAJwksUrlHasTheDocumentedDefaults() {
    JwtIssuer issuer =
        parse(
                """
                auth:
                  jwt:
                    - issuer: https://idp.example
                      audience: modelgate
                      jwks_url: https://idp.example/jwks
                """,
                Map.of())
            .auth()
            .jwt()
            .getFirst();
    assertThat(issuer.audiences()).containsExactly("modelgate");
    assertThat(issuer.jwksUrl()).isEqualTo(URI.create("https://idp.example/jwks"));
    assertThat(issuer.hs256Secret()).isNull();
    assertThat(issuer.algorithms()).containsExactly("RS256", "ES256");
    assertThat(issuer.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(issuer.jwksMinRefresh()).isEqualTo(Duration.ofSeconds(5));
    assertThat(issuer.jwksMaxAge()).isEqualTo(Duration.ofMinutes(10));
    assertThat(issuer.userClaim()).isEqualTo("sub");
    assertThat(issuer.teamClaim()).isNull();
    assertThat(issuer.scopesClaims()).containsExactly("scope", "scp");
    assertThat(issuer.modelsClaim()).isNull();
    assertThat(issuer.models()).containsExactly("*");
  }

  @Test
  void everySettingIsReadAndTheSecretNeverPrints() {
    JwtIssuer issuer =
        parse(
                """
                auth:
                  jwt:
                    - issuer: internal
                      audience: [modelgate, tools]
                      hs256_secret: ${JWT_SECRET}
                      algorithms: [HS256]
                      clock_skew: 10s
                      jwks_min_refresh: 1s
                      jwks_max_age: 1h
                      user_claim: email
                      team_claim: department
                      scopes_claim: permissions
                      models_claim: models
                      models: ["gpt-*"]
                      scope_models: {llm.basic: [gpt-4o-mini], llm.all: ["gpt-*"]}
                      operation_scopes: {embedding: [llm.embed], rerank: [llm.embed, llm.all]}
                      admin_roles_claim: realm_access.roles
                      admin_roles: {gw-admins: admin, auditors: viewer}
                """,
                Map.of("JWT_SECRET", SECRET))
            .auth()
            .jwt()
            .getFirst();
    assertThat(issuer.audiences()).containsExactly("modelgate", "tools");
    assertThat(issuer.hs256Secret()).isEqualTo(SECRET);
    assertThat(issuer.toString()).doesNotContain(SECRET);
    assertThat(issuer.algorithms()).containsExactly("HS256");
    assertThat(issuer.clockSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(issuer.jwksMinRefresh()).isEqualTo(Duration.ofSeconds(1));
    assertThat(issuer.jwksMaxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(issuer.userClaim()).isEqualTo("email");
    assertThat(issuer.teamClaim()).isEqualTo("department");
    assertThat(issuer.scopesClaims()).containsExactly("permissions");
    assertThat(issuer.modelsClaim()).isEqualTo("models");
    assertThat(issuer.models()).containsExactly("gpt-*");
    assertThat(issuer.scopeModels())
        .containsExactly(
            Map.entry("llm.basic", List.of("gpt-4o-mini")), Map.entry("llm.all", List.of("gpt-*")));
    assertThat(issuer.operationScopes())
        .containsExactly(
            Map.entry(Operation.EMBEDDING, List.of("llm.embed")),
            Map.entry(Operation.RERANK, List.of("llm.embed", "llm.all")));
    assertThat(issuer.operations(List.of("llm.all")))
        .containsExactlyInAnyOrder(
            Operation.CHAT, Operation.COMPLETION, Operation.RERANK, Operation.COUNT_TOKENS);
    assertThat(issuer.adminRolesClaim()).isEqualTo("realm_access.roles");
    assertThat(issuer.adminRoles())
        .containsExactly(Map.entry("gw-admins", "admin"), Map.entry("auditors", "viewer"));
  }

  @Test
  void mistakesAreReportedWithTheirPath() {
    assertThat(
            problems(
                """
                auth:
                  jwt:
                    - issuer: a
                      audience: x
                      hs256_secret: ${SHORT}
                      algorithms: [HS256, RS256, none]
                      colour: blue
                    - audience: y
                      jwks_url: ftp://idp/jwks
                    - issuer: c
                      audience: z
                      scope_models: {llm.none: []}
                      operation_scopes: {chat: [], images: [llm.img]}
                      admin_roles: {gw-admins: root}
                """))
        .contains(
            "auth.jwt[0].hs256_secret: must be at least 32 bytes (give it as a ${ENV} reference)",
            "auth.jwt[0].algorithms: RS256 needs jwks_url",
            "auth.jwt[1].issuer: is required",
            "auth.jwt[2]: needs jwks_url or hs256_secret",
            "auth.jwt[2].scope_models.llm.none: must list the models the scope grants (names or"
                + " prefixes*)",
            "auth.jwt[2].operation_scopes.chat: must list the scopes of which a token needs one",
            "auth.jwt[2].operation_scopes.images: is not an operation; known: [chat, completion,"
                + " embedding, rerank, count_tokens]",
            "auth.jwt[2].admin_roles.gw-admins: must be one of [admin, operator, viewer]")
        .anySatisfy(
            p -> assertThat(p).startsWith("auth.jwt[0].algorithms: unknown algorithm 'none'"))
        .anySatisfy(p -> assertThat(p).startsWith("auth.jwt[1].jwks_url: must be an absolute URL"));
  }
}
