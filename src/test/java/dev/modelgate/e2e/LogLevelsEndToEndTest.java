package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Log levels over the admin API (real HTTP, its own port): an operator sets a package's level and
 * its FINE records are published at once, the change is listed and audited with before and after,
 * {@code null} makes the logger inherit again; a viewer may list but is refused a change (403,
 * audited, level untouched); a level that does not exist is a 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogLevelsEndToEndTest {
  private static final String ADMIN = "mg-admin-loglevel-token-0123456789ab";
  private static final String OPERATOR = "mg-operator-loglevel-token-01234567";
  private static final String VIEWER = "mg-viewer-loglevel-token-0123456789";
  private static final String PACKAGE = "dev.modelgate.e2e.loglevels";

  private final Logger logger = Logger.getLogger(PACKAGE + ".Probe");
  private final List<LogRecord> published = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          published.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private TestGateway gateway;

  @BeforeAll
  void start() {
    capture.setLevel(Level.ALL);
    logger.addHandler(capture);
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                admin:
                  port: 0
                  tokens:
                    - {name: root, hash: %s}
                    - {name: ops, hash: %s, role: operator}
                    - {name: auditor, hash: %s, role: viewer}
                """
                    .formatted(ApiKeys.hash(ADMIN), ApiKeys.hash(OPERATOR), ApiKeys.hash(VIEWER))
                + TestGateway.echoRoutes("echo"));
  }

  @AfterAll
  void stop() {
    gateway.close();
    logger.removeHandler(capture);
    Logger.getLogger(PACKAGE).setLevel(null);
  }

  private HttpProbe.Result as(String token, String method, String path, String body) {
    return HttpProbe.send(method, gateway.adminUrl() + path, token, body);
  }

  private boolean fineIsPublished() {
    published.clear();
    logger.fine("probe");
    return published.stream().anyMatch(r -> "probe".equals(r.getMessage()));
  }

  @Test
  void anOperatorSetsALevelThatTakesEffectIsListedAndAudited() {
    assertThat(fineIsPublished()).as("INFO is inherited at first").isFalse();

    HttpProbe.Result set = as(OPERATOR, "PUT", "/v1/loggers/" + PACKAGE, "{\"level\":\"fine\"}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().path("name").asText()).isEqualTo(PACKAGE);
    assertThat(set.json().path("level").asText()).isEqualTo("FINE");
    assertThat(fineIsPublished()).as("the class below the package logs FINE now").isTrue();

    HttpProbe.Result listed = as(VIEWER, "GET", "/v1/loggers?prefix=" + PACKAGE, null);
    assertThat(listed.status()).isEqualTo(200);
    JsonNode loggers = listed.json().path("data");
    assertThat(loggers.findValuesAsText("name")).containsExactly(PACKAGE);
    assertThat(loggers.get(0).path("effective_level").asText()).isEqualTo("FINE");

    JsonNode audit =
        as(ADMIN, "GET", "/v1/audit?action=logger.level&actor=ops", null).json().path("data");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).path("target").asText()).isEqualTo(PACKAGE);
    assertThat(audit.get(0).path("role").asText()).isEqualTo("operator");
    assertThat(audit.get(0).path("outcome").asText()).isEqualTo("ok");
    assertThat(audit.get(0).path("before").path("level").isNull()).isTrue();
    assertThat(audit.get(0).path("after").path("level").asText()).isEqualTo("FINE");

    HttpProbe.Result reset = as(OPERATOR, "PUT", "/v1/loggers/" + PACKAGE, "{\"level\":null}");
    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.json().path("level").isNull()).isTrue();
    assertThat(fineIsPublished()).as("inherits INFO again").isFalse();
    assertThat(as(VIEWER, "GET", "/v1/loggers?prefix=" + PACKAGE, null).json().path("data"))
        .isEmpty();
  }

  @Test
  void aViewerIsRefusedAChangeAndTheRefusalIsAudited() {
    HttpProbe.Result refused = as(VIEWER, "PUT", "/v1/loggers/" + PACKAGE, "{\"level\":\"ALL\"}");
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("forbidden");
    assertThat(Logger.getLogger(PACKAGE).getLevel()).isNull();
    assertThat(fineIsPublished()).isFalse();

    JsonNode audit = as(ADMIN, "GET", "/v1/audit?actor=auditor", null).json().path("data");
    assertThat(audit.findValuesAsText("action")).containsExactly("logger.level");
    assertThat(audit.findValuesAsText("outcome")).containsExactly("forbidden");
  }

  @Test
  void anUnknownLevelOrAMissingOneIsRefused() {
    assertThat(as(OPERATOR, "PUT", "/v1/loggers/" + PACKAGE, "{\"level\":\"LOUD\"}").status())
        .isEqualTo(400);
    assertThat(as(OPERATOR, "PUT", "/v1/loggers/" + PACKAGE, "{}").status()).isEqualTo(400);
    assertThat(HttpProbe.send("GET", gateway.adminUrl() + "/v1/loggers", "wrong", null).status())
        .isEqualTo(401);
    assertThat(Logger.getLogger(PACKAGE).getLevel()).isNull();
  }
}
