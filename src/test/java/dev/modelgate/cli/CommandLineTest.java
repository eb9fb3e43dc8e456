package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.auth.ApiKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI verbs, run in-process with their output captured. */
class CommandLineTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new ModelGateCommand()).execute(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void keysHashMakesAKeyWhoseHashItPrints() {
    Run run = run("keys", "hash");
    assertThat(run.exit()).isZero();
    Matcher key = Pattern.compile("key:\\s+(mg-\\S+)").matcher(run.out());
    Matcher hash = Pattern.compile("hash:\\s+(sha256:[0-9a-f]{64})").matcher(run.out());
    assertThat(key.find()).isTrue();
    assertThat(hash.find()).isTrue();
    assertThat(ApiKeys.hash(key.group(1))).isEqualTo(hash.group(1));
  }

  @Test
  void configCheckAcceptsAGoodFileAndListsEveryProblemOfABadOne() throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(
        good,
        """
        upstreams:
          - name: local
            type: openai
            dialect: vllm
            base_url: http://127.0.0.1:8000/v1
        routes:
          - model: qwen
            targets: [{upstream: local, model: Qwen/Qwen3-8B}]
        """);
    Run ok = run("config", "check", good.toString());
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains("OK").contains("1 upstreams, 1 routes");

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        server: {port: 99999}
        upstreams:
          - name: local
            type: openai
            dialect: vllm
            base_url: http://127.0.0.1:8000/v1
            timeouts: {first_byte: 5x}
        routes:
          - model: qwen
            targets: [{upstream: qwen-prod}]
        """);
    Run refused = run("config", "check", bad.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("server.port: must be between 0 and 65535")
        .contains("upstreams[0].timeouts.first_byte: '5x' is not a duration")
        .contains("routes[0].targets[0].upstream: unknown upstream 'qwen-prod'");
  }

  @Test
  void configCheckRunsTheProviderChecksToo() throws Exception {
    Path file = dir.resolve("dialect.yaml");
    Files.writeString(
        file,
        """
        upstreams:
          - name: x
            type: openai
            dialect: nonsense
        routes:
          - model: m
            targets: [{upstream: x}]
        """);
    Run run = run("config", "check", file.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("upstreams[0].dialect: unknown dialect 'nonsense'");
  }

  @Test
  void versionPrintsTheProduct() {
    Run run = run("version");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("ModelGate ");
  }
}
