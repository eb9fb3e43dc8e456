package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.admin.Base32;
import dev.modelgate.admin.Totp;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modelgate admin users add|list|remove} on a SQLite store; the user the CLI adds logs in to
 * a gateway's admin API on the same store with the printed TOTP secret.
 */
class AdminCommandTest {
  private static final String PASSWORD = "a long enough admin password";
  @TempDir Path dir;

  private static CliRun run(String stdin, String... args) {
    return CliRun.of(stdin, args);
  }

  @Test
  void aUserAddedOnTheCommandLineLogsInToTheAdminApiAndIsRemovedAgain() throws Exception {
    Path config = dir.resolve("modelgate.yaml");
    String store = "store:\n  url: jdbc:sqlite:" + dir.resolve("admin.db") + "\n";
    Files.writeString(config, store);
    String cfg = config.toString();

    CliRun added =
        run(
            PASSWORD + "\n",
            "admin",
            "users",
            "add",
            "root",
            "--role",
            "admin",
            "--password-stdin",
            "--config",
            cfg);
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out()).contains("added root (admin)");
    Matcher secret =
        Pattern.compile("otpauth://totp/ModelGate:root\\?secret=([A-Z2-7]+)&").matcher(added.out());
    assertThat(secret.find()).as(added.out()).isTrue();
    assertThat(Pattern.compile("(?m)^  [a-z2-7]{5}-[a-z2-7]{5}$").matcher(added.out()).results())
        .hasSize(10);
    assertThat(
            run(
                    PASSWORD + "\n",
                    "admin",
                    "users",
                    "add",
                    "root",
                    "--password-stdin",
                    "--config",
                    cfg)
                .exit())
        .isEqualTo(1);
    assertThat(run("", "admin", "users", "add", "x", "--role", "boss", "--config", cfg).err())
        .contains("--role");

    try (TestGateway gateway =
        TestGateway.start(
            store
                + TestGateway.authBlock()
                + "admin:\n  port: 0\n"
                + TestGateway.echoRoutes("echo"))) {
      String code = Totp.code(Base32.decode(secret.group(1)), Totp.step(Instant.now()));
      HttpProbe.Result login =
          HttpProbe.post(
              gateway.adminUrl() + "/v1/login",
              null,
              "{\"name\":\"root\",\"password\":\"%s\",\"code\":\"%s\"}".formatted(PASSWORD, code));
      assertThat(login.status()).as(login.body()).isEqualTo(200);
      String token = login.json().path("token").asText();
      assertThat(HttpProbe.get(gateway.adminUrl() + "/v1/users", token).json().path("data"))
          .hasSize(1);

      CliRun listed = run("", "admin", "users", "list", "--config", cfg);
      assertThat(listed.out()).containsPattern("(?m)^root\\s+admin\\s+");
      assertThat(run("", "admin", "users", "remove", "root", "--config", cfg).exit()).isZero();
      assertThat(HttpProbe.get(gateway.adminUrl() + "/v1/me", token).status()).isEqualTo(401);
    }
    assertThat(run("", "admin", "users", "remove", "root", "--config", cfg).err())
        .contains("No admin user root");
  }
}
